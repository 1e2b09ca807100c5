import { DataSource } from 'typeorm';
import { AppConfig } from '../../src/config/app-config';
import { DigestRepository } from '../../src/digest/digest.repository';
import { DigestScheduler } from '../../src/digest/digest.scheduler';
import { DigestService } from '../../src/digest/digest.service';
import { LeadsService } from '../../src/leads/leads.service';
import { DEMO_IDS, DEMO_USERS, demoId, seedDemo } from '../../src/seed/demo-data';
import { TasksService } from '../../src/tasks/tasks.service';
import { addDays, databaseToday, daysBetween, digestRuns, storedDigests } from '../factories/digest.factory';
import { createTestApp, TestApp } from '../utils/test-app';
import { openTestDataSource } from '../utils/test-database';

const ANNA = DEMO_USERS.staff.email;
const THOMAS = DEMO_USERS.lead.email;
const VIEWER = DEMO_USERS.ministry.email;

describe('DigestService', () => {
  let t: TestApp;
  let service: DigestService;
  let today: string;

  const digestOf = async (date: string, email: string) => (await storedDigests(t.dataSource, date)).find((d) => d.email === email)?.content;
  const ids = (entries: { id: string }[]) => entries.map((entry) => entry.id);

  beforeAll(async () => {
    t = await createTestApp();
    await t.dataSource.transaction((db) => seedDemo(db));
    // Called as the timer calls it, outside any request: the service builds each digest as its user.
    service = t.app.get(DigestService);
    today = await databaseToday(t.dataSource);
  });
  afterAll(() => t.close());

  it("builds each active user's digest from the demo data", async () => {
    const run = await service.runScheduled(today);
    // The admin and the three demo users.
    expect(run).toMatchObject({ date: today, digestCount: 4, instance: service.instance });
    expect(run!.finishedAt.getTime()).toBeGreaterThanOrEqual(run!.startedAt.getTime());

    // Anna: the Brembo list (due 2024-06-15) is overdue; the offers (due in 7 days) are not.
    // Her MoU draft is DONE. Her only silent open lead is the R&D one: NEW -> CONTACTED on
    // 2024-06-13, nothing since. The Brembo lead has tasks and a note from the seed (today),
    // the Lamborghini lead is WON, the sensor export LOST.
    const anna = await digestOf(today, ANNA);
    expect(anna.tasksDueToday).toEqual([]);
    expect(anna.overdueTasks).toEqual([
      { id: demoId('task:brembo-list'), title: 'Liste sächsischer Bremsscheiben-Zulieferer an Brembo senden', dueDate: '2024-06-15' },
    ]);
    expect(anna.staleLeads).toEqual([
      {
        id: DEMO_IDS.lead('autonomous-rd'),
        title: 'F&E-Kooperation autonome Fahrzeuge',
        lastActivityAt: expect.stringMatching(/^2024-06-13T18:00:00/),
        daysSilent: daysBetween('2024-06-13', today),
      },
    ]);
    expect(new Date(anna.staleLeads[0].lastActivityAt).toISOString()).toBe('2024-06-13T18:00:00.000Z');

    // Thomas: the Lombardy follow-up (due 2024-07-01) is overdue; the sketch and the exposé
    // are due in 10 and 3 days. Milan's data platform went ON_HOLD on 2024-07-13 (open, silent);
    // his two other leads have tasks created by the seed.
    const thomas = await digestOf(today, THOMAS);
    expect(thomas.tasksDueToday).toEqual([]);
    expect(ids(thomas.overdueTasks)).toEqual([demoId('task:lombardia-followup')]);
    expect(thomas.staleLeads).toEqual([
      expect.objectContaining({ id: DEMO_IDS.lead('milano-data'), daysSilent: daysBetween('2024-07-13', today) }),
    ]);

    // The ministry's reader owns and is assigned nothing: an empty digest, not a missing one.
    expect(await digestOf(today, VIEWER)).toEqual({ tasksDueToday: [], overdueTasks: [], staleLeads: [] });
  });

  it("lists a task as due on its day and as overdue from the next day, by the digest's date", async () => {
    const inThreeDays = addDays(today, 3);
    await service.rebuild(inThreeDays);
    expect(ids((await digestOf(inThreeDays, THOMAS)).tasksDueToday)).toEqual([demoId('task:expose')]);
    const inFourDays = addDays(today, 4);
    await service.rebuild(inFourDays);
    expect(ids((await digestOf(inFourDays, THOMAS)).overdueTasks)).toEqual([demoId('task:lombardia-followup'), demoId('task:expose')]);
  });

  it('builds a day once when runs race, from one or two app instances', async () => {
    const day = addDays(today, 20);
    // A second "instance": its own service with its own connection pool on PostgreSQL.
    // PGlite has one connection per process, so there the second instance shares it.
    const separate = t.db.target.kind === 'postgres';
    const otherDataSource: DataSource = separate ? await openTestDataSource(t.db.target) : t.dataSource;
    try {
      const other = new DigestService(otherDataSource, new DigestRepository(otherDataSource), t.app.get(AppConfig), t.app.get(TasksService), t.app.get(LeadsService));
      Object.assign(other, { instance: 'second-instance:1' });
      const results = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => (i % 2 ? other : service).runScheduled(day)));
      const built = results.filter((run) => run !== null);
      expect(built).toHaveLength(1);
      const runs = await digestRuns(t.dataSource, day);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ run_date: day, instance: built[0]!.instance, finished_at: expect.any(Date) });
      const digests = await storedDigests(t.dataSource, day);
      expect(digests).toHaveLength(4);
      // One build: every row from the same INSERT, none rebuilt by a later caller.
      expect(new Set(digests.map((d) => d.created_at.getTime())).size).toBe(1);
      expect(await service.runScheduled(day)).toBeNull();
      expect((await storedDigests(t.dataSource, day)).map((d) => d.created_at)).toEqual(digests.map((d) => d.created_at));
    } finally {
      if (separate) await otherDataSource.destroy();
    }
  });

  it('leaves the day unclaimed when the build fails, so the next run builds it', async () => {
    const day = addDays(today, 21);
    const repository = t.app.get(DigestRepository);
    const build = jest.spyOn(repository, 'buildDigest').mockRejectedValueOnce(new Error('database went away'));
    try {
      await expect(service.runScheduled(day)).rejects.toThrow('database went away');
    } finally {
      build.mockRestore();
    }
    expect(await digestRuns(t.dataSource, day)).toEqual([]);
    expect(await service.runScheduled(day)).toMatchObject({ date: day, digestCount: 4 });
  });

  it('rebuilds a day that was built, keeping one run row', async () => {
    const day = addDays(today, 22);
    await service.runScheduled(day);
    const [before] = await digestRuns(t.dataSource, day);
    const first = await storedDigests(t.dataSource, day);
    const rebuilt = await service.rebuild(day);
    expect(rebuilt).toMatchObject({ date: day, digestCount: 4 });
    const runs = await digestRuns(t.dataSource, day);
    expect(runs).toHaveLength(1);
    expect(runs[0].started_at.getTime()).toBeGreaterThan(before.started_at.getTime());
    const second = await storedDigests(t.dataSource, day);
    expect(second.map((d) => d.content)).toEqual(first.map((d) => d.content));
    expect(second[0].created_at.getTime()).toBeGreaterThan(first[0].created_at.getTime());
    // A rebuild of a day never built creates its run.
    const fresh = addDays(today, 23);
    await service.rebuild(fresh);
    expect(await digestRuns(t.dataSource, fresh)).toHaveLength(1);
  });

  it("catches up at start only once today's 06:00 in Berlin has passed, and only if the day was not built", async () => {
    const scheduler = t.app.get(DigestScheduler);
    // 2031-06-02 is far from the other tests' days; Berlin is UTC+2 in June.
    expect(await scheduler.catchUp(new Date('2031-06-02T03:59:00Z'))).toBeNull();
    expect(await digestRuns(t.dataSource, '2031-06-02')).toEqual([]);
    expect(await scheduler.catchUp(new Date('2031-06-02T04:00:00Z'))).toMatchObject({ date: '2031-06-02', digestCount: 4 });
    expect(await scheduler.catchUp(new Date('2031-06-02T15:00:00Z'))).toBeNull();
    expect(await digestRuns(t.dataSource, '2031-06-02')).toHaveLength(1);
    // Shortly after midnight in Berlin (22:30 UTC) it is 3 June there, and its 06:00 is ahead.
    expect(await scheduler.catchUp(new Date('2031-06-02T22:30:00Z'))).toBeNull();
    expect(await digestRuns(t.dataSource, '2031-06-03')).toEqual([]);
  });

  it('counts each kind of activity on a lead, and leaves out archived leads and tasks and disabled users', async () => {
    // Within 30 days of the seed, whose tasks and notes keep the other demo leads active.
    const day = addDays(today, 25);
    const rd = DEMO_IDS.lead('autonomous-rd');
    const milano = DEMO_IDS.lead('milano-data');
    const [anna] = await t.dataSource.query(`SELECT id FROM users WHERE email = $1`, [ANNA]);
    const [viewer] = await t.dataSource.query(`SELECT id FROM users WHERE email = $1`, [VIEWER]);
    // An old task on the R&D lead: activity, but 40 days before the digest date still stale.
    await t.dataSource.query(
      `INSERT INTO tasks (title, lead_id, assignee_id, created_by, status, created_at) VALUES ('Alt', $1, $2, $2, 'CANCELLED', $3)`,
      [rd, anna.id, `${addDays(day, -40)}T10:00:00Z`],
    );
    // A note on Milan's lead 5 days before: no longer silent.
    await t.dataSource.query(`INSERT INTO notes (record_type, record_id, body, author_id, created_at) VALUES ('LEAD', $1, 'Neu', $2, $3)`, [
      milano,
      anna.id,
      `${addDays(day, -5)}T10:00:00Z`,
    ]);
    await t.dataSource.query(`UPDATE tasks SET archived_at = now() WHERE id = $1`, [demoId('task:brembo-list')]);
    await t.dataSource.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [viewer.id]);
    try {
      expect(await service.rebuild(day)).toMatchObject({ digestCount: 3 });
      const annas = await digestOf(day, ANNA);
      // The Brembo list is archived; the offers, due 7 days after the seed, are overdue by then.
      expect(ids(annas.overdueTasks)).toEqual([demoId('task:brembo-offers')]);
      expect(annas.staleLeads).toEqual([expect.objectContaining({ id: rd, daysSilent: 40 })]);
      expect((await digestOf(day, THOMAS)).staleLeads).toEqual([]);
      expect(await digestOf(day, VIEWER)).toBeUndefined();

      // A task completed on it 10 days before the digest date makes the R&D lead active again.
      await t.dataSource.query(`UPDATE tasks SET status = 'DONE', completed_at = $2 WHERE lead_id = $1 AND title = 'Alt'`, [
        rd,
        `${addDays(day, -10)}T10:00:00Z`,
      ]);
      await service.rebuild(day);
      expect((await digestOf(day, ANNA)).staleLeads).toEqual([]);

      // Archived, the R&D lead is gone; won or lost leads never show (the demo's Lamborghini and sensor leads).
      await t.dataSource.query(`UPDATE tasks SET completed_at = $2 WHERE lead_id = $1 AND title = 'Alt'`, [rd, `${addDays(day, -40)}T10:00:00Z`]);
      await service.rebuild(day);
      expect(ids((await digestOf(day, ANNA)).staleLeads)).toEqual([rd]);
      await t.dataSource.query(`UPDATE leads SET archived_at = now() WHERE id = $1`, [rd]);
      await service.rebuild(day);
      expect((await digestOf(day, ANNA)).staleLeads).toEqual([]);
    } finally {
      await t.dataSource.query(`UPDATE leads SET archived_at = NULL WHERE id = $1`, [rd]);
      await t.dataSource.query(`UPDATE tasks SET archived_at = NULL WHERE id = $1`, [demoId('task:brembo-list')]);
      await t.dataSource.query(`UPDATE users SET disabled_at = NULL WHERE id = $1`, [viewer.id]);
    }
  });

  it('treats a lead silent for exactly DIGEST_STALE_DAYS as stale, one day less as not', async () => {
    const rd = DEMO_IDS.lead('autonomous-rd');
    const silentSince = async (date: string) => {
      // Noon UTC is the same date in Berlin.
      await t.dataSource.query(`UPDATE leads SET updated_at = $2 WHERE id = $1`, [rd, `${date}T12:00:00Z`]);
      await t.dataSource.query(`UPDATE lead_stage_changes SET changed_at = $2 WHERE lead_id = $1`, [rd, `${date}T12:00:00Z`]);
    };
    const day = addDays(today, 26);
    await silentSince(addDays(day, -30));
    await service.rebuild(day);
    expect((await digestOf(day, ANNA)).staleLeads).toEqual([expect.objectContaining({ id: rd, daysSilent: 30 })]);
    await silentSince(addDays(day, -29));
    await service.rebuild(day);
    expect((await digestOf(day, ANNA)).staleLeads).toEqual([]);
  });
});
