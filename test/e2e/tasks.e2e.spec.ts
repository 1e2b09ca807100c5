import {
  insertLeads,
  insertMeetings,
  insertOrganisations,
  insertPeople,
  isoDay,
  TASK_FIELDS,
  userIdByEmail,
} from '../factories/task.factory';
import { createTestApp, TestApp } from '../utils/test-app';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const CREATE = `mutation ($input: CreateTaskInput!) { createTask(input: $input) { ${TASK_FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $v: Int!, $input: UpdateTaskInput!) {
  updateTask(id: $id, expectedVersion: $v, input: $input) { id title dueDate status version } }`;
const MY_TASKS = `query ($overdue: Boolean, $first: Int, $after: String) {
  myTasks(overdue: $overdue, first: $first, after: $after) {
    totalCount edges { node { title dueDate status isOverdue isCommitment promisedBy { familyName } } }
    pageInfo { hasNextPage endCursor } } }`;
const statusChange = (name: string) => `mutation ($id: ID!, $v: Int!) { ${name}(id: $id, expectedVersion: $v) { status completedAt version } }`;

describe('Tasks (GraphQL)', () => {
  let t: TestApp;
  let staff: string;
  let staffId: string;
  let adminId: string;

  const create = async (input: Record<string, unknown>, token = staff) => {
    const res = await t.gql(CREATE, { input }, token);
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.createTask;
  };
  const countTasks = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM tasks`))[0].n);

  beforeAll(async () => {
    t = await createTestApp();
    staff = await t.userToken('STAFF', 'dirk.vogel@wfs.test');
    staffId = await userIdByEmail(t.dataSource, 'dirk.vogel@wfs.test');
    adminId = await userIdByEmail(t.dataSource);
  });
  afterAll(() => t.close());

  it('creates a task for the caller and reads its relations', async () => {
    const [leadId] = await insertLeads(t.dataSource, adminId, 1, 'Brembo Zulieferung');
    const [meetingId] = await insertMeetings(t.dataSource, 1, 'Besuch Brembo Curno');
    const [organisationId] = await insertOrganisations(t.dataSource, 1, 'brakes');
    const [personId, promisedById] = await insertPeople(t.dataSource, 2, 'Rossi');
    const task = await create({
      title: '  Liste sächsischer Zulieferer senden ',
      description: '  ',
      dueDate: '2024-06-15',
      leadId,
      meetingId,
      organisationId,
      personId,
      isCommitment: true,
      promisedById,
    });
    expect(task).toMatchObject({
      title: 'Liste sächsischer Zulieferer senden',
      description: null,
      assigneeId: staffId,
      createdBy: staffId,
      status: 'OPEN',
      isOverdue: true,
      isCommitment: true,
      version: 1,
    });

    const read = await t.gql(
      `query ($id: ID!) { task(id: $id) {
        assignee { email } lead { title } meeting { title } organisation { sectors } person { familyName } promisedBy { familyName } } }`,
      { id: task.id },
      staff,
    );
    expect(read.data.task).toEqual({
      assignee: { email: 'dirk.vogel@wfs.test' },
      lead: { title: 'Brembo Zulieferung 1' },
      meeting: { title: 'Besuch Brembo Curno 1' },
      organisation: { sectors: ['brakes'] },
      person: { familyName: 'Rossi 1' },
      promisedBy: { familyName: 'Rossi 2' },
    });
  });

  it('assigns to another user and leaves unlinked relations null', async () => {
    const task = await create({ title: 'Exposé übersetzen', assigneeId: adminId });
    const read = await t.gql(
      `query ($id: ID!) { task(id: $id) { assignee { email } lead { id } meeting { id } organisation { id } person { id } promisedBy { id } } }`,
      { id: task.id },
      staff,
    );
    expect(read.data.task).toEqual({ assignee: { email: 'admin@wfs.test' }, lead: null, meeting: null, organisation: null, person: null, promisedBy: null });
  });

  it('answers NOT_FOUND for an unknown task and BAD_USER_INPUT for a malformed id', async () => {
    const missing = await t.gql(`query ($id: ID!) { task(id: $id) { id } }`, { id: UNKNOWN }, staff);
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    const malformed = await t.gql(`{ task(id: "42") { id } }`, {}, staff);
    expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  describe('rejects bad input with BAD_USER_INPUT naming the field, writing nothing', () => {
    it.each([
      ['an empty title', { title: '  ' }, 'input.title'],
      ['a 301-character title', { title: 'x'.repeat(301) }, 'input.title'],
      ['a due date that does not exist', { dueDate: '2024-02-30' }, 'input.dueDate'],
      ['a due date in another format', { dueDate: '15.06.2024' }, 'input.dueDate'],
      ['a malformed leadId', { leadId: 'lead-1' }, 'input.leadId'],
      ['an unknown leadId', { leadId: UNKNOWN }, 'input.leadId'],
      ['an unknown meetingId', { meetingId: UNKNOWN }, 'input.meetingId'],
      ['an unknown organisationId', { organisationId: UNKNOWN }, 'input.organisationId'],
      ['an unknown personId', { personId: UNKNOWN }, 'input.personId'],
      ['an unknown assigneeId', { assigneeId: UNKNOWN }, 'input.assigneeId'],
      ['an unknown promisedById', { isCommitment: true, promisedById: UNKNOWN }, 'input.promisedById'],
    ])('%s', async (_label, change, field) => {
      const before = await countTasks();
      const res = await t.gql(CREATE, { input: { title: 'Rückruf', ...change } }, staff);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await countTasks()).toBe(before);
    });

    it('a status in createTask or updateTask (only complete, cancel and reopen change it)', async () => {
      const res = await t.gql(CREATE, { input: { title: 'Sneaky', status: 'DONE' } }, staff);
      expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      const task = await create({ title: 'Sneaky update' });
      const update = await t.gql(UPDATE, { id: task.id, v: 1, input: { status: 'DONE' } }, staff);
      expect(update.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    });
  });

  it('updates with the current version and answers CONFLICT for a stale one', async () => {
    const task = await create({ title: 'Angebote einsammeln', dueDate: '2030-05-01' });
    const updated = await t.gql(UPDATE, { id: task.id, v: 1, input: { dueDate: '2030-06-01' } }, staff);
    expect(updated.data.updateTask).toMatchObject({ dueDate: '2030-06-01', version: 2 });
    const stale = await t.gql(UPDATE, { id: task.id, v: 1, input: { title: 'Lost update' } }, staff);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion', currentVersion: 2 });
    const cleared = await t.gql(UPDATE, { id: task.id, v: 2, input: { title: null } }, staff);
    expect(cleared.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.title' });
  });

  it('completes, reopens and cancels, with CONFLICT for stale versions and disallowed moves', async () => {
    const task = await create({ title: 'Pilotskizze senden' });
    const done = await t.gql(statusChange('completeTask'), { id: task.id, v: 1 }, staff);
    expect(done.data.completeTask).toMatchObject({ status: 'DONE', completedAt: expect.any(String), version: 2 });
    const stale = await t.gql(statusChange('reopenTask'), { id: task.id, v: 1 }, staff);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion', currentVersion: 2 });
    const again = await t.gql(statusChange('completeTask'), { id: task.id, v: 2 }, staff);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'id', status: 'DONE' });
    const reopened = await t.gql(statusChange('reopenTask'), { id: task.id, v: 2 }, staff);
    expect(reopened.data.reopenTask).toEqual({ status: 'OPEN', completedAt: null, version: 3 });
    const cancelled = await t.gql(statusChange('cancelTask'), { id: task.id, v: 3 }, staff);
    expect(cancelled.data.cancelTask).toEqual({ status: 'CANCELLED', completedAt: null, version: 4 });
  });

  it('archives and restores; archived tasks leave lists unless includeArchived', async () => {
    const [leadId] = await insertLeads(t.dataSource, adminId);
    const task = await create({ title: 'Archivierbar', leadId });
    const list = `query ($leadId: ID!, $all: Boolean!) { tasks(filter: { leadId: $leadId, includeArchived: $all }) { totalCount } }`;
    const archived = await t.gql(`mutation ($id: ID!) { archiveTask(id: $id) { archivedAt } }`, { id: task.id }, staff);
    expect(archived.data.archiveTask.archivedAt).toEqual(expect.any(String));
    expect((await t.gql(list, { leadId, all: false }, staff)).data.tasks.totalCount).toBe(0);
    expect((await t.gql(list, { leadId, all: true }, staff)).data.tasks.totalCount).toBe(1);
    const restored = await t.gql(`mutation ($id: ID!) { restoreTask(id: $id) { archivedAt } }`, { id: task.id }, staff);
    expect(restored.data.restoreTask.archivedAt).toBeNull();
    expect((await t.gql(list, { leadId, all: false }, staff)).data.tasks.totalCount).toBe(1);
  });

  it('forbids task mutations to a VIEWER, changing nothing', async () => {
    const viewer = await t.userToken('VIEWER');
    const task = await create({ title: 'Nur lesen' });
    const before = await countTasks();
    const created = await t.gql(CREATE, { input: { title: 'Nope' } }, viewer);
    expect(created.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(await countTasks()).toBe(before);
    const completed = await t.gql(statusChange('completeTask'), { id: task.id, v: 1 }, viewer);
    expect(completed.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const archived = await t.gql(`mutation ($id: ID!) { archiveTask(id: $id) { id } }`, { id: task.id }, viewer);
    expect(archived.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const read = await t.gql(`query ($id: ID!) { task(id: $id) { status archivedAt version } }`, { id: task.id }, viewer);
    expect(read.data.task).toEqual({ status: 'OPEN', archivedAt: null, version: 1 });
  });

  it('myTasks(overdue: true) answers what the caller promised and has not done', async () => {
    const token = await t.userToken('STAFF', 'anna.schmidt@wfs.test');
    const [promisedById] = await insertPeople(t.dataSource, 1, 'Schmidt');
    const mine = (input: Record<string, unknown>) => create(input, token);
    await mine({ title: 'Zulieferliste an Brembo', dueDate: isoDay(-10), isCommitment: true, promisedById });
    await mine({ title: 'Folgetermin Lombardia', dueDate: isoDay(-1) });
    await mine({ title: 'Heute fällig', dueDate: isoDay(0) });
    await mine({ title: 'Nächste Woche', dueDate: isoDay(7) });
    await mine({ title: 'Ohne Datum' });
    const done = await mine({ title: 'Schon erledigt', dueDate: isoDay(-3) });
    await t.gql(statusChange('completeTask'), { id: done.id, v: 1 }, token);
    const archived = await mine({ title: 'Archiviert', dueDate: isoDay(-3) });
    await t.gql(`mutation ($id: ID!) { archiveTask(id: $id) { id } }`, { id: archived.id }, token);
    await create({ title: 'Overdue for someone else', dueDate: isoDay(-4), assigneeId: staffId }, token);

    const overdue = await t.gql(MY_TASKS, { overdue: true }, token);
    expect(overdue.errors).toBeUndefined();
    expect(overdue.data.myTasks.totalCount).toBe(2);
    expect(overdue.data.myTasks.edges.map((e: any) => e.node)).toEqual([
      { title: 'Zulieferliste an Brembo', dueDate: isoDay(-10), status: 'OPEN', isOverdue: true, isCommitment: true, promisedBy: { familyName: 'Schmidt 1' } },
      { title: 'Folgetermin Lombardia', dueDate: isoDay(-1), status: 'OPEN', isOverdue: true, isCommitment: false, promisedBy: null },
    ]);

    const open = await t.gql(MY_TASKS, {}, token);
    expect(open.data.myTasks.edges.map((e: any) => e.node.title)).toEqual([
      'Zulieferliste an Brembo',
      'Folgetermin Lombardia',
      'Heute fällig',
      'Nächste Woche',
      'Ohne Datum',
    ]);
    const notOverdue = await t.gql(MY_TASKS, { overdue: false }, token);
    expect(notOverdue.data.myTasks.edges.map((e: any) => e.node.title)).toEqual(['Heute fällig', 'Nächste Woche', 'Ohne Datum']);

    const page1 = (await t.gql(MY_TASKS, { first: 3 }, token)).data.myTasks;
    const page2 = (await t.gql(MY_TASKS, { first: 3, after: page1.pageInfo.endCursor }, token)).data.myTasks;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(page2.edges.map((e: any) => e.node.title)).toEqual(['Nächste Woche', 'Ohne Datum']);
    expect(page2.pageInfo.hasNextPage).toBe(false);

    const byStatus = await t.gql(`{ done: myTasks(status: DONE) { edges { node { title } } } all: myTasks(status: null) { totalCount } }`, {}, token);
    expect(byStatus.data.done.edges).toEqual([{ node: { title: 'Schon erledigt' } }]);
    expect(byStatus.data.all.totalCount).toBe(6);
  });

  it('filters and orders the tasks connection', async () => {
    const [meetingId] = await insertMeetings(t.dataSource);
    await create({ title: 'Commitment B', meetingId, isCommitment: true, dueDate: '2031-02-01' });
    await create({ title: 'Commitment A', meetingId, isCommitment: true, dueDate: '2031-01-01' });
    await create({ title: 'Plain task', meetingId });
    const res = await t.gql(
      `query ($m: ID!) {
        asc: tasks(filter: { meetingId: $m, commitmentsOnly: true }) { totalCount edges { node { title } } }
        desc: tasks(filter: { meetingId: $m }, orderBy: { field: DUE_DATE, direction: DESC }) { edges { node { title } } }
        before: tasks(filter: { meetingId: $m, dueBefore: "2031-02-01", statuses: [OPEN, DONE] }) { edges { node { title } } } }`,
      { m: meetingId },
      staff,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.asc).toEqual({ totalCount: 2, edges: [{ node: { title: 'Commitment A' } }, { node: { title: 'Commitment B' } }] });
    expect(res.data.desc.edges.map((e: any) => e.node.title)).toEqual(['Plain task', 'Commitment B', 'Commitment A']);
    expect(res.data.before.edges.map((e: any) => e.node.title)).toEqual(['Commitment A']);
  });

  it('shows commitments on meetings, tasks and the next task on leads, and tasks on organisations and people', async () => {
    const [meetingId] = await insertMeetings(t.dataSource);
    const [leadId, idleLeadId] = await insertLeads(t.dataSource, adminId, 2);
    const [organisationId] = await insertOrganisations(t.dataSource, 1, 'dependents');
    const [personId] = await insertPeople(t.dataSource);
    const promise = await create({ title: 'Versprochen', meetingId, leadId, isCommitment: true, dueDate: '2031-03-01' });
    await create({ title: 'Nicht versprochen', meetingId });
    const later = await create({ title: 'Später', leadId, organisationId, personId, dueDate: '2031-04-01' });
    const undated = await create({ title: 'Irgendwann', leadId });
    const earliestDone = await create({ title: 'Erledigt', leadId, organisationId, dueDate: '2031-01-01' });
    await t.gql(statusChange('completeTask'), { id: earliestDone.id, v: 1 }, staff);
    const idle = await create({ title: 'Abgesagt', leadId: idleLeadId });
    await t.gql(statusChange('cancelTask'), { id: idle.id, v: 1 }, staff);

    const query = `query ($a: ID!, $b: ID!, $c: ID!, $o: ID!) {
      a: task(id: $a) { meeting { commitments { title } } lead { nextTask { title } tasks { title status } } }
      b: task(id: $b) { person { tasks { title } } }
      c: task(id: $c) { lead { nextTask { title } } }
      organisation(id: $o) { open: tasks { title } all: tasks(openOnly: false) { title } } }`;
    const res = await t.gql(query, { a: promise.id, b: later.id, c: idle.id, o: organisationId }, staff);
    expect(res.errors).toBeUndefined();
    expect(res.data.a.meeting.commitments).toEqual([{ title: 'Versprochen' }]);
    expect(res.data.a.lead.nextTask).toEqual({ title: 'Versprochen' });
    expect(res.data.a.lead.tasks).toEqual([
      { title: 'Erledigt', status: 'DONE' },
      { title: 'Versprochen', status: 'OPEN' },
      { title: 'Später', status: 'OPEN' },
      { title: 'Irgendwann', status: 'OPEN' },
    ]);
    expect(res.data.b.person.tasks).toEqual([{ title: 'Später' }]);
    expect(res.data.c.lead.nextTask).toBeNull();
    expect(res.data.organisation).toEqual({ open: [{ title: 'Später' }], all: [{ title: 'Erledigt' }, { title: 'Später' }] });

    // Once the promise is kept, the next task is the next-due OPEN one, then the undated one.
    await t.gql(statusChange('completeTask'), { id: promise.id, v: 1 }, staff);
    const next = async () => (await t.gql(`query ($a: ID!) { task(id: $a) { lead { nextTask { title } } } }`, { a: promise.id }, staff)).data.task.lead.nextTask;
    expect(await next()).toEqual({ title: 'Später' });
    await t.gql(`mutation ($id: ID!) { archiveTask(id: $id) { id } }`, { id: later.id }, staff);
    expect(await next()).toEqual({ title: 'Irgendwann' });
    await t.gql(statusChange('cancelTask'), { id: undated.id, v: 1 }, staff);
    expect(await next()).toBeNull();
  });

  it('reads task relations, dependents, notes and tags with the same number of SQL statements for 5 and for 50 tasks', async () => {
    const token = await t.userToken('STAFF', 'loader@wfs.test');
    const loaderUserId = await userIdByEmail(t.dataSource, 'loader@wfs.test');
    const leads = await insertLeads(t.dataSource, adminId, 50, 'Loader lead');
    const meetings = await insertMeetings(t.dataSource, 50, 'Loader meeting');
    const organisations = await insertOrganisations(t.dataSource, 50, 'loader');
    const people = await insertPeople(t.dataSource, 50, 'Loader');
    for (let i = 0; i < 50; i += 1) {
      const ids = { leadId: leads[i], meetingId: meetings[i], organisationId: organisations[i], personId: people[i] };
      await create({ title: `Loader task ${i}`, dueDate: isoDay(i), isCommitment: true, promisedById: people[i], ...ids }, token);
      await create({ title: `Loader follow-up ${i}`, dueDate: isoDay(i + 1), leadId: leads[i] }, token);
    }
    for (const [recordType, ids] of [['LEAD', leads], ['MEETING', meetings], ['PERSON', people], ['ORGANISATION', organisations]] as const) {
      for (const recordId of ids.slice(0, 10)) {
        await t.gql(`mutation ($r: RecordType!, $id: ID!) { tagRecord(recordType: $r, recordId: $id, tags: ["loader"]) }`, { r: recordType, id: recordId }, token);
        await t.gql(`mutation ($input: AddNoteInput!) { addNote(input: $input) { id } }`, { input: { recordType, recordId, body: 'Notiz' } }, token);
      }
    }
    const query = (n: number) => `query ($a: ID!) { tasks(first: ${n}, filter: { assigneeId: $a, commitmentsOnly: true }) {
      edges { node { title assignee { email } promisedBy { familyName }
        lead { title nextTask { title } tasks { title } notes { body author { email } } tags }
        meeting { title commitments { title } notes { body } tags }
        organisation { name tasks(openOnly: false) { title } notes { body } tags }
        person { familyName tasks { title } notes { body } tags } } } } }`;
    const count = async (n: number) => {
      const { result, statements } = await t.queries.count(() => t.gql(query(n), { a: loaderUserId }, token));
      expect(result.errors).toBeUndefined();
      expect(result.data.tasks.edges).toHaveLength(n);
      const first = result.data.tasks.edges[0].node;
      expect(first.lead).toMatchObject({ nextTask: { title: 'Loader task 0' }, tags: ['loader'], notes: [{ body: 'Notiz', author: { email: 'loader@wfs.test' } }] });
      expect(first.lead.tasks).toHaveLength(2);
      expect(first.person).toMatchObject({ tasks: [{ title: 'Loader task 0' }], notes: [{ body: 'Notiz' }], tags: ['loader'] });
      return statements.filter((s) => !/^(START TRANSACTION|COMMIT)/.test(s)).length;
    };
    const five = await count(5);
    const fifty = await count(50);
    expect(fifty).toBe(five);
    // token user, page; assignees, people, leads, meetings, organisations (one each); then nextTask, lead tasks,
    // commitments, organisation tasks, person tasks, and notes and tags per record type: 2 + 5 + 5 + 8 = 20
    expect(five).toBeLessThanOrEqual(20);
  });
});
