import { DEMO_IDS, DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../../src/seed/demo-data';
import { createTestApp, TestApp } from '../utils/test-app';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const CREATE = `mutation ($input: CreateTeamInput!) { createTeam(input: $input) { id name description version members { id } } }`;
const ADD = `mutation ($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id version members { email } } }`;
const REMOVE = `mutation ($t: ID!, $u: ID!) { removeTeamMember(teamId: $t, userId: $u) { id version members { email } } }`;

describe('Teams', () => {
  let t: TestApp;
  let staff: string;
  let viewer: string;
  let annaId: string;
  let thomasId: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.dataSource.manager);
    staff = await t.login(DEMO_USERS.staff.email, DEMO_PASSWORD);
    viewer = await t.login(DEMO_USERS.ministry.email, DEMO_PASSWORD);
    annaId = (await t.gql(`{ me { id } }`, undefined, staff)).data.me.id;
    thomasId = (await t.gql(`{ me { id } }`, undefined, await t.login(DEMO_USERS.lead.email, DEMO_PASSWORD))).data.me.id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lets admins create, rename and archive teams, unique by name whatever the case and accents', async () => {
    const created = await t.asAdmin(CREATE, { input: { name: '  Automobil & Mobilität ', description: 'AMZ, Zulieferer' } });
    expect(created.data.createTeam).toMatchObject({ name: 'Automobil & Mobilität', description: 'AMZ, Zulieferer', version: 1, members: [] });
    const twin = await t.asAdmin(CREATE, { input: { name: 'AUTOMOBIL & MOBILITAT' } });
    expect(twin.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.name' });
    const id = created.data.createTeam.id;
    const renamed = await t.asAdmin(
      `mutation ($id: ID!) { updateTeam(id: $id, expectedVersion: 1, input: { name: "Automotive" }) { name version } }`,
      { id },
    );
    expect(renamed.data.updateTeam).toEqual({ name: 'Automotive', version: 2 });
    const stale = await t.asAdmin(`mutation ($id: ID!) { updateTeam(id: $id, expectedVersion: 1, input: { name: "X" }) { name } }`, { id });
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
    await t.asAdmin(`mutation ($id: ID!) { archiveTeam(id: $id) { id } }`, { id });
    expect((await t.gql(`{ teams { name } }`, undefined, staff)).data.teams).toEqual([]);
    expect((await t.asAdmin(`{ teams(includeArchived: true) { name } }`)).data.teams).toEqual([{ name: 'Automotive' }]);
    await t.asAdmin(`mutation ($id: ID!) { restoreTeam(id: $id) { id } }`, { id });
    expect((await t.gql(`{ teams { name } }`, undefined, viewer)).data.teams).toEqual([{ name: 'Automotive' }]);
  });

  it('forbids team management to staff and viewers, and answers NOT_FOUND for unknown teams and users', async () => {
    for (const token of [staff, viewer]) {
      const res = await t.gql(CREATE, { input: { name: 'Nope' } }, token);
      expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    const [{ id }] = await t.dataSource.query(`SELECT id FROM teams WHERE name = 'Automotive'`);
    expect((await t.asAdmin(ADD, { t: UNKNOWN, u: annaId })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'teamId' });
    expect((await t.asAdmin(ADD, { t: id, u: UNKNOWN })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'userId' });
    expect((await t.asAdmin(REMOVE, { t: id, u: annaId })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'userId' });
  });

  it('adds and removes members, shows a user their teams, and bumps the version only on a real change', async () => {
    const [{ id }] = await t.dataSource.query(`SELECT id, version FROM teams WHERE name = 'Automotive'`);
    const first = await t.asAdmin(ADD, { t: id, u: annaId });
    expect(first.data.addTeamMember.members).toEqual([{ email: DEMO_USERS.staff.email }]);
    const again = await t.asAdmin(ADD, { t: id, u: annaId });
    expect(again.data.addTeamMember.version).toBe(first.data.addTeamMember.version);
    expect((await t.gql(`{ me { teams { name } } }`, undefined, staff)).data.me.teams).toEqual([{ name: 'Automotive' }]);
    await t.asAdmin(ADD, { t: id, u: thomasId });
    const removed = await t.asAdmin(REMOVE, { t: id, u: thomasId });
    expect(removed.data.removeTeamMember.members).toEqual([{ email: DEMO_USERS.staff.email }]);
    const trail = await t.asAdmin(`query ($id: ID!) { auditTrail(recordType: TEAM, recordId: $id, first: 50) { edges { node { action table } } } }`, {
      id,
    });
    expect(trail.data.auditTrail.edges.map((e: any) => `${e.node.table}:${e.node.action}`)).toEqual(
      expect.arrayContaining(['team_members:INSERT', 'team_members:DELETE', 'teams:UPDATE', 'teams:INSERT']),
    );
  });

  it("filters leads and the pipeline report by team: the leads its members own (Anna's four demo leads) and its own", async () => {
    const [{ id }] = await t.dataSource.query(`SELECT id FROM teams WHERE name = 'Automotive'`);
    // Counted by hand from src/seed/demo-data.ts: Anna owns brembo-supply (2,500,000), autonomous-rd
    // (1,200,000), lamborghini (150,000) and sensor-export (300,000).
    const leads = await t.gql(`query ($t: ID!) { leads(filter: { teamId: $t }) { totalCount } }`, { t: id }, staff);
    expect(leads.data.leads.totalCount).toBe(4);
    const teamPipeline = async () =>
      (await t.gql(`query ($t: ID!) { pipelineReport(filter: { teamId: $t }) { totalLeads totalEstimatedValue } }`, { t: id }, viewer)).data
        .pipelineReport;
    expect(await teamPipeline()).toEqual({ totalLeads: 4, totalEstimatedValue: 4_150_000 });
    // A lead of the team owned by someone else counts too: Thomas's zwickau-pilot (800,000).
    const version = (await t.dataSource.query(`SELECT version FROM leads WHERE id = $1`, [DEMO_IDS.lead('zwickau-pilot')]))[0].version;
    const moved = await t.asAdmin(
      `mutation ($id: ID!, $v: Int!, $t: ID!) { updateLead(id: $id, expectedVersion: $v, input: { teamId: $t }) { id } }`,
      { id: DEMO_IDS.lead('zwickau-pilot'), v: version, t: id },
    );
    expect(moved.errors).toBeUndefined();
    expect(await teamPipeline()).toEqual({ totalLeads: 5, totalEstimatedValue: 4_950_000 });
    // Members as they are when the report reads them: without Anna only that lead is the team's, with her all five again.
    await t.asAdmin(REMOVE, { t: id, u: annaId });
    expect(await teamPipeline()).toEqual({ totalLeads: 1, totalEstimatedValue: 800_000 });
    await t.asAdmin(ADD, { t: id, u: annaId });
    expect(await teamPipeline()).toEqual({ totalLeads: 5, totalEstimatedValue: 4_950_000 });
    const bad = await t.gql(`{ pipelineReport(filter: { teamId: "x" }) { totalLeads } }`, undefined, viewer);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.teamId' });
  });
});
