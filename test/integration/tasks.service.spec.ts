import { LiaisonException } from '../../src/common/errors/liaison.exception';
import { SortDirection } from '../../src/common/graphql/sort-direction.enum';
import { MyTasksArgs, TaskFilter, TaskOrderField, TasksArgs } from '../../src/tasks/dto/tasks.args';
import { TaskStatus } from '../../src/tasks/task.enums';
import { Task } from '../../src/tasks/task.model';
import { TasksService } from '../../src/tasks/tasks.service';
import {
  insertLeads,
  insertMeetings,
  insertOrganisations,
  insertPeople,
  isoDay,
  taskInput,
  userIdByEmail,
} from '../factories/task.factory';
import { createTestApp, TestApp } from '../utils/test-app';
import { failureDetails as failureOf } from '../utils/failure';
import { calledAs, SYSTEM } from '../utils/viewer';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';


function listArgs(filter: Partial<TaskFilter>, overrides: Partial<TasksArgs> = {}): TasksArgs {
  return Object.assign(new TasksArgs(), { first: 25, filter: Object.assign(new TaskFilter(), filter), ...overrides });
}

function mine(overrides: Partial<MyTasksArgs> = {}): MyTasksArgs {
  return Object.assign(new MyTasksArgs(), { first: 25, ...overrides });
}

const titles = (connection: { edges: { node: Task }[] }) => connection.edges.map((edge) => edge.node.title);

describe('TasksService (real database)', () => {
  let t: TestApp;
  let service: TasksService;
  let adminId: string;
  let users = 0;

  /** A fresh user, so list assertions see only the tasks the test made. */
  const newUser = async () => {
    const email = `tasks-${++users}@wfs.test`;
    await t.userToken('STAFF', email);
    return userIdByEmail(t.dataSource, email);
  };
  const countTasks = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM tasks`))[0].n);

  beforeAll(async () => {
    t = await createTestApp();
    service = calledAs(SYSTEM, t.app.get(TasksService));
    adminId = await userIdByEmail(t.dataSource);
  });
  afterAll(() => t.close());

  describe('create', () => {
    it('defaults the assignee to the caller and starts OPEN, not a commitment', async () => {
      const task = await service.create(taskInput({ title: 'Rückruf bei Brembo' }), adminId);
      expect(task).toMatchObject({
        title: 'Rückruf bei Brembo',
        assigneeId: adminId,
        createdBy: adminId,
        status: TaskStatus.OPEN,
        isCommitment: false,
        promisedById: null,
        completedAt: null,
        dueDate: null,
        isOverdue: false,
        archivedAt: null,
        version: 1,
      });
      expect(await service.getById(task.id)).toEqual(task);
    });

    it('links a commitment to a lead, meeting, organisation, person and the person who promised it', async () => {
      const assigneeId = await newUser();
      const [leadId] = await insertLeads(t.dataSource, adminId);
      const [meetingId] = await insertMeetings(t.dataSource);
      const [organisationId] = await insertOrganisations(t.dataSource);
      const [personId, promisedById] = await insertPeople(t.dataSource, 2);
      const task = await service.create(
        taskInput({
          title: 'Liste der Zulieferer senden',
          description: 'Bremsscheiben, Guss',
          dueDate: '2024-06-15',
          assigneeId,
          leadId,
          meetingId,
          organisationId,
          personId,
          isCommitment: true,
          promisedById,
        }),
        adminId,
      );
      expect(task).toMatchObject({
        dueDate: '2024-06-15',
        assigneeId,
        createdBy: adminId,
        leadId,
        meetingId,
        organisationId,
        personId,
        isCommitment: true,
        promisedById,
        isOverdue: true,
      });
    });

    it.each(['assigneeId', 'leadId', 'meetingId', 'organisationId', 'personId', 'promisedById'])(
      'rejects an unknown %s with BAD_USER_INPUT on input.%s, writing nothing',
      async (field) => {
        const before = await countTasks();
        const input = taskInput({ [field]: UNKNOWN, isCommitment: field === 'promisedById' });
        expect(await failureOf(service.create(input, adminId))).toMatchObject({ code: 'BAD_USER_INPUT', field: `input.${field}` });
        expect(await countTasks()).toBe(before);
      },
    );

    it('reports the first unknown reference when several are unknown', async () => {
      const [leadId] = await insertLeads(t.dataSource, adminId);
      const input = taskInput({ leadId, meetingId: UNKNOWN, personId: UNKNOWN });
      expect(await failureOf(service.create(input, adminId))).toMatchObject({ field: 'input.meetingId' });
    });

    it('rejects promisedById on a task that is not a commitment', async () => {
      const [personId] = await insertPeople(t.dataSource);
      expect(await failureOf(service.create(taskInput({ promisedById: personId }), adminId))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.promisedById',
      });
    });
  });

  describe('createIn (inside another feature\'s transaction)', () => {
    it('writes with the caller\'s transaction and rolls back with it', async () => {
      const [meetingId] = await insertMeetings(t.dataSource);
      const before = await countTasks();
      await expect(
        t.dataSource.transaction(async (db) => {
          const task = await service.createIn(db, taskInput({ meetingId, isCommitment: true }), adminId, 'input.commitments.0');
          const [seen] = await db.query(`SELECT id FROM tasks WHERE id = $1`, [task.id]);
          expect(seen).toEqual({ id: task.id });
          throw new Error('logMeeting failed later');
        }),
      ).rejects.toThrow('logMeeting failed later');
      expect(await countTasks()).toBe(before);
    });

    it('sees rows written earlier in the same transaction', async () => {
      const task = await t.dataSource.transaction(async (db) => {
        const [{ id: meetingId }] = await db.query(
          `INSERT INTO meetings (title, kind, starts_at, time_zone) VALUES ('Logged now', 'TALK', now(), 'Europe/Berlin') RETURNING id`,
        );
        return service.createIn(db, taskInput({ meetingId, isCommitment: true }), adminId);
      });
      expect(task).toMatchObject({ isCommitment: true, assigneeId: adminId, status: TaskStatus.OPEN });
    });

    it('names fields under the given prefix, or bare without one', async () => {
      const failing = (prefix?: string) =>
        t.dataSource.transaction((db) => service.createIn(db, taskInput({ leadId: UNKNOWN }), adminId, prefix));
      expect(await failureOf(failing('input.commitments.2'))).toMatchObject({ field: 'input.commitments.2.leadId' });
      expect(await failureOf(failing())).toMatchObject({ field: 'leadId' });
    });
  });

  describe('update', () => {
    it('changes fields, bumps the version and leaves omitted fields', async () => {
      const [leadId] = await insertLeads(t.dataSource, adminId);
      const task = await service.create(taskInput({ description: 'keep me', dueDate: '2030-01-01' }), adminId);
      const updated = await service.update(task.id, 1, { title: 'Neuer Titel', leadId, dueDate: null });
      expect(updated).toMatchObject({ title: 'Neuer Titel', leadId, dueDate: null, description: 'keep me', version: 2 });
    });

    it('answers CONFLICT for a stale version and changes nothing', async () => {
      const task = await service.create(taskInput({ title: 'Original' }), adminId);
      await service.update(task.id, 1, { description: 'first writer' });
      expect(await failureOf(service.update(task.id, 1, { title: 'Lost update' }))).toMatchObject({
        code: 'CONFLICT',
        field: 'expectedVersion',
        currentVersion: 2,
      });
      expect(await service.getById(task.id)).toMatchObject({ title: 'Original', description: 'first writer', version: 2 });
    });

    it.each(['title', 'assigneeId', 'isCommitment'] as const)('refuses to clear %s', async (field) => {
      const task = await service.create(taskInput(), adminId);
      expect(await failureOf(service.update(task.id, 1, { [field]: null }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: `input.${field}`,
      });
    });

    it('rejects an unknown reference, leaving the task unchanged', async () => {
      const task = await service.create(taskInput({ title: 'Unchanged' }), adminId);
      expect(await failureOf(service.update(task.id, 1, { title: 'Changed', organisationId: UNKNOWN }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.organisationId',
      });
      expect(await service.getById(task.id)).toMatchObject({ title: 'Unchanged', version: 1 });
    });

    it('forgets who promised when a task stops being a commitment, and refuses a promiser on a plain task', async () => {
      const [promisedById] = await insertPeople(t.dataSource);
      const task = await service.create(taskInput({ isCommitment: true, promisedById }), adminId);
      expect(await service.update(task.id, 1, { isCommitment: false })).toMatchObject({ isCommitment: false, promisedById: null });
      expect(await failureOf(service.update(task.id, 2, { promisedById }))).toMatchObject({ field: 'input.promisedById' });
      expect(await service.update(task.id, 2, { isCommitment: true, promisedById })).toMatchObject({ promisedById, version: 3 });
    });

    it('answers NOT_FOUND for an unknown task', async () => {
      expect(await failureOf(service.update(UNKNOWN, 1, { title: 'x' }))).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    });
  });

  describe('status changes', () => {
    it('completes, reopens and cancels, keeping completedAt only while DONE', async () => {
      const task = await service.create(taskInput({ dueDate: isoDay(-3) }), adminId);
      expect(task.isOverdue).toBe(true);
      const before = Date.now();
      const done = await service.complete(task.id, 1);
      expect(done).toMatchObject({ status: TaskStatus.DONE, isOverdue: false, version: 2 });
      expect(done.completedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
      const reopened = await service.reopen(task.id, 2);
      expect(reopened).toMatchObject({ status: TaskStatus.OPEN, completedAt: null, isOverdue: true, version: 3 });
      const cancelled = await service.cancel(task.id, 3);
      expect(cancelled).toMatchObject({ status: TaskStatus.CANCELLED, completedAt: null, isOverdue: false, version: 4 });
      expect(await service.reopen(task.id, 4)).toMatchObject({ status: TaskStatus.OPEN, version: 5 });
    });

    it('answers CONFLICT on the task for a move its status does not allow, changing nothing', async () => {
      const task = await service.create(taskInput(), adminId);
      expect(await failureOf(service.reopen(task.id, 1))).toMatchObject({ code: 'CONFLICT', field: 'id', status: 'OPEN' });
      await service.complete(task.id, 1);
      expect(await failureOf(service.complete(task.id, 2))).toMatchObject({ code: 'CONFLICT', field: 'id', status: 'DONE' });
      expect(await failureOf(service.cancel(task.id, 2))).toMatchObject({ code: 'CONFLICT', field: 'id', status: 'DONE' });
      expect(await service.getById(task.id)).toMatchObject({ status: TaskStatus.DONE, version: 2 });
    });

    it('answers CONFLICT on expectedVersion for a stale version', async () => {
      const task = await service.create(taskInput(), adminId);
      await service.update(task.id, 1, { description: 'edited' });
      expect(await failureOf(service.complete(task.id, 1))).toMatchObject({
        code: 'CONFLICT',
        field: 'expectedVersion',
        currentVersion: 2,
      });
      expect(await service.getById(task.id)).toMatchObject({ status: TaskStatus.OPEN, completedAt: null });
    });

    it('answers NOT_FOUND for an unknown task', async () => {
      expect(await failureOf(service.complete(UNKNOWN, 1))).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    });

    it('lets exactly 1 of 20 concurrent completions with the same version apply', async () => {
      const task = await service.create(taskInput(), adminId);
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => service.complete(task.id, 1)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const codes = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as LiaisonException).code] : []));
      expect(codes).toEqual(Array(19).fill('CONFLICT'));
      expect(await service.getById(task.id)).toMatchObject({ status: TaskStatus.DONE, version: 2 });
    });
  });

  describe('lists', () => {
    let assigneeId: string;
    let leadId: string;
    let meetingId: string;
    let organisationId: string;
    let personId: string;

    beforeAll(async () => {
      assigneeId = await newUser();
      [leadId] = await insertLeads(t.dataSource, adminId);
      [meetingId] = await insertMeetings(t.dataSource);
      [organisationId] = await insertOrganisations(t.dataSource);
      [personId] = await insertPeople(t.dataSource);
      const make = (title: string, extra: Parameters<typeof taskInput>[0] = {}) =>
        service.create(taskInput({ title, assigneeId, ...extra }), adminId);
      await make('overdue', { dueDate: isoDay(-2), leadId });
      await make('today', { dueDate: isoDay(0), meetingId, isCommitment: true });
      await make('next week', { dueDate: isoDay(7), organisationId });
      await make('undated', { personId });
      const done = await make('done late', { dueDate: isoDay(-5), leadId });
      await service.complete(done.id, 1);
      const archived = await make('archived', { dueDate: isoDay(-1) });
      await service.setArchived(archived.id, true);
      await service.create(taskInput({ title: 'someone else', dueDate: isoDay(-1), leadId }), adminId);
    });

    it('orders by due date ascending with undated tasks last, and hides archived ones', async () => {
      expect(titles(await service.list(listArgs({ assigneeId })))).toEqual(['done late', 'overdue', 'today', 'next week', 'undated']);
    });

    it('orders by due date descending with undated tasks first', async () => {
      const args = listArgs({ assigneeId }, { orderBy: { field: TaskOrderField.DUE_DATE, direction: SortDirection.DESC } });
      expect(titles(await service.list(args))).toEqual(['undated', 'next week', 'today', 'overdue', 'done late']);
    });

    it('orders by last update', async () => {
      const args = listArgs({ assigneeId }, { orderBy: { field: TaskOrderField.UPDATED_AT, direction: SortDirection.DESC } });
      expect(titles(await service.list(args))[0]).toBe('done late');
    });

    it('pages through due dates and the undated tail with cursors', async () => {
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await service.list(listArgs({ assigneeId }, { first: 2, after }));
        seen.push(...titles(page));
        expect(await page.totalCount).toBe(5);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor!;
      }
      expect(seen).toEqual(['done late', 'overdue', 'today', 'next week', 'undated']);
    });

    it.each<[string, Partial<TaskFilter>, string[]]>([
      ['statuses', { statuses: [TaskStatus.DONE] }, ['done late']],
      ['overdue: true', { overdue: true }, ['overdue']],
      ['overdue: false', { overdue: false }, ['done late', 'today', 'next week', 'undated']],
      ['dueBefore', { dueBefore: isoDay(0) }, ['done late', 'overdue']],
      ['commitmentsOnly', { commitmentsOnly: true }, ['today']],
      ['includeArchived', { includeArchived: true, dueBefore: isoDay(0) }, ['done late', 'overdue', 'archived']],
    ])('filters by %s', async (_label, filter, expected) => {
      expect(titles(await service.list(listArgs({ assigneeId, ...filter })))).toEqual(expected);
    });

    it('filters by the linked lead, meeting, organisation and person', async () => {
      expect(titles(await service.list(listArgs({ leadId })))).toEqual(['done late', 'overdue', 'someone else']);
      expect(titles(await service.list(listArgs({ meetingId })))).toEqual(['today']);
      expect(titles(await service.list(listArgs({ organisationId })))).toEqual(['next week']);
      expect(titles(await service.list(listArgs({ personId })))).toEqual(['undated']);
    });

    it("lists the caller's tasks: OPEN by default, overdue ones, one status or every status", async () => {
      expect(titles(await service.listMine(assigneeId, mine()))).toEqual(['overdue', 'today', 'next week', 'undated']);
      expect(titles(await service.listMine(assigneeId, mine({ overdue: true })))).toEqual(['overdue']);
      expect(titles(await service.listMine(assigneeId, mine({ status: TaskStatus.DONE })))).toEqual(['done late']);
      expect(titles(await service.listMine(assigneeId, mine({ status: null })))).toHaveLength(5);
    });
  });
});
