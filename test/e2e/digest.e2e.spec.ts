import { SchedulerRegistry } from '@nestjs/schedule';
import { localDate } from '../../src/digest/digest-schedule';
import { DigestService } from '../../src/digest/digest.service';
import { DEMO_IDS, DEMO_PASSWORD, DEMO_USERS, demoId, seedDemo } from '../../src/seed/demo-data';
import { addDays, databaseToday, daysBetween, digestRuns, storedDigests } from '../factories/digest.factory';
import { createTestApp, TestApp } from '../utils/test-app';

const MY_DIGEST = `query ($date: String) { myDigest(date: $date) {
  date generatedAt
  tasksDueToday { id title dueDate status }
  overdueTasks { id title dueDate }
  staleLeads { lead { id title stage } lastActivityAt daysSilent } } }`;
const RUN = `mutation ($date: String) { runDigestNow(date: $date) { date startedAt finishedAt instance digestCount } }`;

describe('Reminder digest', () => {
  let t: TestApp;
  let anna: string;
  let thomas: string;
  let reader: string;
  let today: string;

  const digest = async (token: string, date?: string) => {
    const res = await t.gql(MY_DIGEST, { date }, token);
    expect(res.errors).toBeUndefined();
    return res.data.myDigest;
  };
  const rebuild = async (date?: string) => {
    const res = await t.asAdmin(RUN, { date });
    expect(res.errors).toBeUndefined();
    return res.data.runDigestNow;
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.dataSource.transaction((db) => seedDemo(db));
    anna = await t.login(DEMO_USERS.staff.email, DEMO_PASSWORD);
    thomas = await t.login(DEMO_USERS.lead.email, DEMO_PASSWORD);
    reader = await t.login(DEMO_USERS.ministry.email, DEMO_PASSWORD);
    // The seed's due dates are relative to the database's date.
    today = await databaseToday(t.dataSource);
  });
  afterAll(() => t.close());

  it('runs no timer under NODE_ENV=test: tests start runs themselves', () => {
    expect(t.app.get(SchedulerRegistry).getCronJobs().size).toBe(0);
  });

  it("gives each demo user their own digest: overdue tasks and silent leads, computed by hand from the seed", async () => {
    const run = await rebuild(today);
    expect(run).toMatchObject({ date: today, digestCount: 4, instance: expect.stringMatching(/.+:\d+$/) });

    const annas = await digest(anna, today);
    expect(annas).toMatchObject({ date: today, tasksDueToday: [] });
    expect(new Date(annas.generatedAt).getTime()).toBeGreaterThanOrEqual(new Date(run.startedAt).getTime());
    // Due 2024-06-15 and still OPEN; the offers are due in 7 days, the MoU draft is DONE.
    expect(annas.overdueTasks).toEqual([
      { id: demoId('task:brembo-list'), title: 'Liste sächsischer Bremsscheiben-Zulieferer an Brembo senden', dueDate: '2024-06-15' },
    ]);
    // CONTACTED on 2024-06-13 and nothing since; her Brembo lead has the seed's tasks and note,
    // the Lamborghini lead is WON and the sensor export LOST.
    expect(annas.staleLeads).toEqual([
      {
        lead: { id: DEMO_IDS.lead('autonomous-rd'), title: 'F&E-Kooperation autonome Fahrzeuge', stage: 'CONTACTED' },
        lastActivityAt: '2024-06-13T18:00:00.000Z',
        daysSilent: daysBetween('2024-06-13', today),
      },
    ]);

    const thomass = await digest(thomas, today);
    expect(thomass.overdueTasks.map((task: any) => task.title)).toEqual(['Folgetermin auf Arbeitsebene mit der Regione Lombardia vereinbaren']);
    expect(thomass.staleLeads).toEqual([
      {
        lead: { id: DEMO_IDS.lead('milano-data'), title: 'Smart-City-Datenplattform: Erfahrungsaustausch Mailand-Zwickau', stage: 'ON_HOLD' },
        lastActivityAt: '2024-07-13T18:00:00.000Z',
        daysSilent: daysBetween('2024-07-13', today),
      },
    ]);

    // The read-only ministry user sees their own digest, which is empty, not Anna's or Thomas's.
    expect(await digest(reader, today)).toMatchObject({ date: today, tasksDueToday: [], overdueTasks: [], staleLeads: [] });
  });

  it('lists a task on its due day and moves it to overdue the day after', async () => {
    const inThreeDays = addDays(today, 3);
    await rebuild(inThreeDays);
    expect((await digest(thomas, inThreeDays)).tasksDueToday).toEqual([
      { id: demoId('task:expose'), title: 'Standortexposé Zwickau übersetzen lassen (italienisch)', dueDate: inThreeDays, status: 'OPEN' },
    ]);
    await rebuild(addDays(today, 4));
    expect((await digest(thomas, addDays(today, 4))).overdueTasks.map((task: any) => task.id)).toEqual([
      demoId('task:lombardia-followup'),
      demoId('task:expose'),
    ]);
  });

  it('answers null for a day nobody built, and defaults to today in DIGEST_TIME_ZONE', async () => {
    expect(await digest(anna, '2001-01-01')).toBeNull();
    const run = await rebuild();
    expect(run.date).toBe(localDate(new Date(), 'Europe/Berlin'));
    expect((await digest(anna)).date).toBe(run.date);
  });

  it('reads tasks and leads live: archived ones drop out without a rebuild, and come back restored', async () => {
    const created = await t.gql(
      `mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }`,
      { input: { title: 'Brembo anrufen', dueDate: today } },
      anna,
    );
    const taskId = created.data.createTask.id;
    expect((await digest(anna, today)).tasksDueToday).toEqual([]);
    await rebuild(today);
    expect((await digest(anna, today)).tasksDueToday.map((task: any) => task.title)).toEqual(['Brembo anrufen']);

    await t.gql(`mutation ($id: ID!) { archiveTask(id: $id) { id } }`, { id: taskId }, anna);
    await t.gql(`mutation ($id: ID!) { archiveLead(id: $id) { id } }`, { id: DEMO_IDS.lead('autonomous-rd') }, anna);
    const archived = await digest(anna, today);
    expect(archived.tasksDueToday).toEqual([]);
    expect(archived.staleLeads).toEqual([]);
    expect(archived.overdueTasks).toHaveLength(1);

    await t.gql(`mutation ($id: ID!) { restoreTask(id: $id) { id } }`, { id: taskId }, anna);
    await t.gql(`mutation ($id: ID!) { restoreLead(id: $id) { id } }`, { id: DEMO_IDS.lead('autonomous-rd') }, anna);
    const restored = await digest(anna, today);
    expect(restored.tasksDueToday.map((task: any) => task.id)).toEqual([taskId]);
    expect(restored.staleLeads.map((entry: any) => entry.lead.id)).toEqual([DEMO_IDS.lead('autonomous-rd')]);
  });

  it('rebuilds idempotently: the same digests, one run row for the day', async () => {
    const day = addDays(today, 5);
    await rebuild(day);
    const first = await storedDigests(t.dataSource, day);
    await rebuild(day);
    expect((await storedDigests(t.dataSource, day)).map((d) => d.content)).toEqual(first.map((d) => d.content));
    expect(await digestRuns(t.dataSource, day)).toHaveLength(1);
  });

  it('lets only admins run the digest; STAFF and VIEWER get FORBIDDEN and nothing is built', async () => {
    const day = addDays(today, 6);
    for (const token of [anna, reader]) {
      const res = await t.gql(RUN, { date: day }, token);
      expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    expect(await digestRuns(t.dataSource, day)).toEqual([]);
    expect(await storedDigests(t.dataSource, day)).toEqual([]);
  });

  it('rejects a date that is not YYYY-MM-DD with BAD_USER_INPUT on date, building nothing', async () => {
    const runsBefore = (await digestRuns(t.dataSource)).length;
    const query = await t.gql(MY_DIGEST, { date: '2024-02-30' }, anna);
    expect(query.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'date' });
    const mutation = await t.asAdmin(RUN, { date: 'tomorrow' });
    expect(mutation.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'date' });
    expect(await digestRuns(t.dataSource)).toHaveLength(runsBefore);
  });

  it('builds each digest as its user: tasks on confidential records they may not see leave no trace, whoever runs it', async () => {
    const userId = async (email: string) => (await t.dataSource.query(`SELECT id FROM users WHERE email = $1`, [email]))[0].id as string;
    const annaId = await userId(DEMO_USERS.staff.email);
    const thomasId = await userId(DEMO_USERS.lead.email);
    // Thomas is in the team that holds the confidential records, Anna is not.
    const team = (await t.asAdmin(`mutation { createTeam(input: { name: "Digest Vertraulich" }) { id } }`)).data.createTeam.id;
    expect((await t.asAdmin(`mutation ($team: ID!, $user: ID!) { addTeamMember(teamId: $team, userId: $user) { id } }`, { team, user: thomasId })).errors).toBeUndefined();
    const hiddenLead = (
      await t.asAdmin(
        `mutation ($team: ID!) { createLead(input: { title: "Geheime Ansiedlung Halbleiter", kind: INVESTMENT, confidentiality: CONFIDENTIAL, teamId: $team }) { id } }`,
        { team },
      )
    ).data.createLead.id;
    const hiddenMeeting = (
      await t.asAdmin(
        `mutation ($team: ID!) { createMeeting(input: { title: "Geheimes Vorgespräch", kind: CALL, startsAt: "2024-06-20T10:00", timeZone: "Europe/Berlin",
           confidentiality: CONFIDENTIAL, teamId: $team }) { id } }`,
        { team },
      )
    ).data.createMeeting.id;
    const silentSince = '2024-01-15T09:00:00.000Z';
    const [{ id: silentLead }] = await t.dataSource.query(
      `INSERT INTO leads (title, kind, owner_id, created_at, updated_at) VALUES ('Stille Kooperation', 'EXPORT', $1, $2, $2) RETURNING id`,
      [annaId, silentSince],
    );
    const task = async (input: Record<string, unknown>) => {
      const res = await t.asAdmin(`mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }`, { input });
      expect(res.errors).toBeUndefined();
      return res.data.createTask.id as string;
    };
    const hiddenTasks = [
      await task({ title: 'Geheim: Term Sheet prüfen', dueDate: today, assigneeId: annaId, leadId: hiddenLead }),
      await task({ title: 'Geheim: Protokoll schicken', dueDate: addDays(today, -2), assigneeId: annaId, meetingId: hiddenMeeting }),
      // On Anna's own silent lead, but from the hidden meeting: its date must not count as activity she can see.
      await task({ title: 'Geheim: Rückruf', dueDate: addDays(today, 30), assigneeId: thomasId, meetingId: hiddenMeeting, leadId: silentLead }),
    ];
    const thomasTask = await task({ title: 'Geheim: Standortvergleich', dueDate: today, assigneeId: thomasId, leadId: hiddenLead });
    const traces = [...hiddenTasks, thomasTask, hiddenLead, hiddenMeeting, 'Geheim'];

    const byAdmin = addDays(today, 1);
    const byTimer = addDays(today, 2);
    await rebuild(byAdmin);
    // The timer's run, outside any request.
    expect(await t.app.get(DigestService).runScheduled(byTimer)).toMatchObject({ date: byTimer, digestCount: 4 });
    for (const day of [byAdmin, byTimer]) {
      const stored = await storedDigests(t.dataSource, day);
      const annas = JSON.stringify(stored.find((d) => d.email === DEMO_USERS.staff.email)!.content);
      for (const trace of traces) expect(annas).not.toContain(trace);
      const mine = await digest(anna, day);
      const annasTasks = [...mine.tasksDueToday, ...mine.overdueTasks].map((entry: any) => entry.id);
      expect(annasTasks).toContain(demoId('task:brembo-list'));
      for (const hidden of hiddenTasks) expect(annasTasks).not.toContain(hidden);
      expect(mine.staleLeads).toContainEqual(expect.objectContaining({ lead: expect.objectContaining({ id: silentLead }), lastActivityAt: silentSince }));
      // Thomas may see them: his digest has his task on the confidential lead.
      const thomass = await digest(thomas, day);
      expect([...thomass.tasksDueToday, ...thomass.overdueTasks].map((entry: any) => entry.id)).toContain(thomasTask);
    }
  });

  it('reads the tasks and leads of a digest through loaders: as many statements for 30 tasks as for 3', async () => {
    const day = addDays(today, 7);
    const tokens: string[] = [];
    for (const count of [3, 30]) {
      const email = `digest-loader-${count}@wfs.test`;
      tokens.push(await t.userToken('STAFF', email));
      await t.dataSource.query(
        `INSERT INTO tasks (title, due_date, assignee_id, created_by)
         SELECT 'Nachfassen ' || n, $2::date - n, u.id, u.id FROM users u, generate_series(1, $3::int) AS n WHERE u.email = $1`,
        [email, day, count],
      );
    }
    await rebuild(day);
    const statements = async (token: string, tasks: number) => {
      const { result, statements } = await t.queries.count(() => t.gql(MY_DIGEST, { date: day }, token));
      expect(result.errors).toBeUndefined();
      expect(result.data.myDigest.overdueTasks).toHaveLength(tasks);
      return statements.filter((s) => !/^(START TRANSACTION|COMMIT)/.test(s)).length;
    };
    const few = await statements(tokens[0], 3);
    const many = await statements(tokens[1], 30);
    expect(many).toBe(few);
    // The token's user, the digest row, one batch of tasks.
    expect(few).toBeLessThanOrEqual(3);
  });
});

describe('Reminder digest schedule', () => {
  it('registers the daily job and, started after the day\'s scheduled time, builds the missed run at once', async () => {
    // Midnight UTC has always passed: the run for today (UTC) is due at start.
    const t = await createTestApp({ DIGEST_ENABLED: 'true', DIGEST_CRON: '0 0 * * *', DIGEST_TIME_ZONE: 'UTC' });
    try {
      const job = t.app.get(SchedulerRegistry).getCronJob('digest');
      expect(job.isActive).toBe(true);
      const next = job.nextDate().toJSDate();
      expect(next.toISOString()).toMatch(/T00:00:00\.000Z$/);
      expect(next.getTime()).toBeGreaterThan(Date.now());

      const day = new Date().toISOString().slice(0, 10);
      const deadline = Date.now() + 20000;
      let runs = await digestRuns(t.dataSource, day);
      while (runs.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        runs = await digestRuns(t.dataSource, day);
      }
      expect(runs).toEqual([expect.objectContaining({ run_date: day, finished_at: expect.any(Date) })]);
      expect((await storedDigests(t.dataSource, day)).map((d) => d.email)).toEqual([t.config.LIAISON_ADMIN_EMAIL]);
    } finally {
      await t.close();
    }
  });
});
