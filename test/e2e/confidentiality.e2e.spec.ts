import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  getNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  isObjectType,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { DEMO_IDS, DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../../src/seed/demo-data';
import { createTestApp, TestApp } from '../utils/test-app';

/*
 * Issue 4: a user outside a CONFIDENTIAL lead's or meeting's team sees no
 * trace of it on any path. The test:
 *  1. walks schema.gql for every field that can lead to a Lead or a Meeting
 *     (directly or through other types), plus every root query and the
 *     totalCount of every connection on the way, and fails when a probe
 *     below does not cover one: a new path without a probe fails the suite;
 *  2. runs every probe as outsiders (a STAFF user of another team, the
 *     ministry's VIEWER, a READ_ONLY API key) before and after an insider
 *     creates confidential records tied to everything the probes read:
 *     the answers must be identical, byte for byte (no list entry, no count,
 *     no report figure moves);
 *  3. checks that the same probes do move for the admin, so each one really
 *     reaches the confidential data;
 *  4. asks for the confidential records by id and through every mutation
 *     that takes their id: the outsider gets what a random id gets.
 */

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const ROOT = join(__dirname, '..', '..');

const LEAD = `id title stage stageHistory { toStage } organisations { organisation { id } } contacts { id }
  origin { trip { id } meeting { id } } partnership { id } nextTask { id } tasks { id } notes { id } tags`;
const MEETING = `id title status leads { id } commitments { id } notes { id } tags trip { id }
  organisations { id } participants { person { id } }`;
const TASK = `id title lead { id } meeting { id } organisation { id } person { id } promisedBy { id }`;
const TIMELINE = `totalCount edges { node { id kind title lead { id } meeting { id } task { id } partnership { id } note { id } } }`;
const ORG = `id leads { id } openLeads: leads(open: true) { id } tasks { id } partnerships { id lead { id } }
  timeline(first: 20) { ${TIMELINE} }`;

/** Probes keyed by name; variables are filled from the demo data. */
const PROBES: Record<string, string> = {
  organisation: `query ($org: ID!) { organisation(id: $org) { ${ORG}
    parent { leads { id } } children { leads { id } }
    members(includeEnded: true) { member { leads { id } } network { leads { id } } }
    memberships(includeEnded: true) { member { leads { id } } network { leads { id } } }
    affiliations(includeEnded: true) { person { leads { id } } organisation { leads { id } } } } }`,
  network: `query ($network: ID!) { organisation(id: $network) { members(includeEnded: true) { member { ${ORG} } } } }`,
  organisations: `{ organisations(first: 20) { totalCount edges { node { ${ORG} } } } }`,
  person: `query ($person: ID!) { person(id: $person) { id leads { id } tasks { id }
    affiliations(includeEnded: true) { organisation { leads { id } } person { leads { id } } } } }`,
  people: `{ people(first: 100) { totalCount edges { node { id leads { id } tasks { id } } } } }`,
  trip: `query ($trip: ID!) { trip(id: $trip) { id leads { id } programme { ${MEETING} }
    delegation { person { leads { id } } } organiser { leads { id } } } }`,
  trips: `{ trips(first: 100) { totalCount edges { node { id leads { id } programme { id } } } } }`,
  meeting: `query ($meeting: ID!) { meeting(id: $meeting) { ${MEETING} } }`,
  meetings: `{ meetings(first: 100) { totalCount edges { node { ${MEETING} } } } }`,
  meetingsOfTrip: `query ($trip: ID!) { meetings(first: 100, filter: { tripId: $trip }) { totalCount edges { node { id } } } }`,
  meetingsOfOrganisation: `query ($org: ID!) { meetings(first: 100, filter: { organisationId: $org }) { totalCount edges { node { id } } } }`,
  meetingsOfPerson: `query ($person: ID!) { meetings(first: 100, filter: { personId: $person }) { totalCount edges { node { id } } } }`,
  leads: `{ leads(first: 100) { totalCount edges { node { ${LEAD} } } } }`,
  leadsFiltered: `query ($org: ID!, $trip: ID!, $meeting: ID!) {
    byOrg: leads(first: 100, filter: { organisationId: $org }) { totalCount edges { node { id } } }
    byTrip: leads(first: 100, filter: { tripId: $trip }) { totalCount edges { node { id } } }
    byMeeting: leads(first: 100, filter: { meetingId: $meeting }) { totalCount edges { node { id } } }
    byCountry: leads(first: 100, filter: { country: "IT" }) { totalCount }
    byTopic: leads(first: 100, filter: { topic: "battery cells" }) { totalCount }
    byKind: leads(first: 100, filter: { kinds: [INVESTMENT] }) { totalCount }
    byValue: leads(first: 100, filter: { minValue: 1 }) { totalCount } }`,
  partnerships: `{ partnerships(first: 100) { totalCount edges { node { id lead { id } parties { leads { id } } } } } }`,
  partnership: `query ($partnership: ID!) { partnership(id: $partnership) { id lead { ${LEAD} } parties { leads { id } partnerships { id } } } }`,
  tasks: `{ tasks(first: 100) { totalCount edges { node { ${TASK} } } } }`,
  task: `query ($task: ID!) { task(id: $task) { ${TASK} organisation { leads { id } } lead { organisations { organisation { leads { id } } } } } }`,
  myTasks: `{ myTasks(first: 100) { totalCount edges { node { ${TASK} } } } }`,
  tags: `{ tags(first: 100) { tag count } leadTags: tags(first: 100, recordType: LEAD) { tag count }
    meetingTags: tags(first: 100, recordType: MEETING) { tag count } }`,
  pipelineReport: `{ pipelineReport { totalLeads totalEstimatedValue
    stages { stage leads estimatedValue reached conversionRate } groups { key label leads estimatedValue } } }`,
  pipelineByOwner: `{ pipelineReport(groupBy: OWNER) { totalLeads groups { key label leads estimatedValue } } }`,
  pipelineOfTrip: `query ($trip: ID!) { pipelineReport(filter: { tripId: $trip }, groupBy: COUNTRY) { totalLeads groups { key leads } } }`,
  tripReport: `query ($trip: ID!) { tripReport(tripId: $trip) { trip { id leads { id } }
    meetings { total held planned cancelled byKind { key count } byCity { key count } }
    organisations { total new alreadyKnown byCountry { key total new alreadyKnown } byKind { key total new alreadyKnown } }
    peopleMet peopleMetForFirstTime newContacts { id leads { id } }
    leads { opened estimatedValue potentialJobs byStage { key count } leads { title stage currentStage lead { id } } }
    partnerships { formed valueEur potentialJobs partnerships { title valueEur partnership { id lead { id } } } }
    commitments { kept open overdue openCommitments { ${TASK} } } } }`,
  followUpReport: `{ followUpReport(staleDays: 1, upcomingDays: 365) {
    overdueTasksByAssignee { overdue commitments oldestDueDate assignee { id } }
    staleLeads { title stage daysInactive lead { id } }
    upcomingNextSteps { title nextStep nextStepDate lead { id } }
    commitmentsPastDue { ${TASK} } } }`,
  activityReport: `{ activityReport(from: "2024-01-01", to: "2027-12-31", interval: MONTH) {
    periods { start meetingsHeld newContacts leadsOpened leadsWon } } }`,
  myDigest: `{ myDigest { date tasksDueToday { ${TASK} } overdueTasks { ${TASK} } staleLeads { daysSilent lead { id } } } }`,
  timeline: `query ($org: ID!) { organisation(id: $org) { timeline(first: 100) { ${TIMELINE} } } }`,
};

/** Probes of the confidential records themselves; the outsider must get what an unknown id gets. */
const BY_ID: Record<string, string> = {
  lead: `query ($id: ID!) { lead(id: $id) { ${LEAD} } }`,
  meeting: `query ($id: ID!) { meeting(id: $id) { ${MEETING} } }`,
  task: `query ($id: ID!) { task(id: $id) { id } }`,
  partnership: `query ($id: ID!) { partnership(id: $id) { id } }`,
  leadAudit: `query ($id: ID!) { auditTrail(recordType: LEAD, recordId: $id) { totalCount } }`,
  meetingAudit: `query ($id: ID!) { auditTrail(recordType: MEETING, recordId: $id) { totalCount } }`,
  // The outsider is the assignee of this task, but it belongs to a confidential meeting hidden from them.
  taskAudit: `query ($id: ID!) { auditTrail(recordType: TASK, recordId: $id) { totalCount } }`,
  noteAudit: `query ($id: ID!) { auditTrail(recordType: NOTE, recordId: $id) { totalCount } }`,
};

/** Root queries that cannot reach leads or meetings, and why. */
const EXEMPT = new Map<string, string>([
  ['Query.me', 'the caller themselves'],
  ['Query.users', 'user accounts (admins only)'],
  ['Query.apiKeys', 'API keys (admins only)'],
  ['Query.teams', 'team names and members'],
  ['Query.team', 'team names and members'],
  ['Query.calendarFeeds', "the caller's own feed names; what a feed serves is tested in calendar.e2e"],
  ['LogMeetingPayload.meeting', "a mutation's answer: the meeting the caller has just logged"],
]);

/** Every `Type.field` that can lead to a Lead or Meeting, every root query, and the totalCount of connections on the way. */
export function pathsToConfidential(schema: GraphQLSchema): string[] {
  const targets = new Set(['Lead', 'Meeting']);
  const memo = new Map<string, boolean>();
  const reaches = (type: GraphQLObjectType, seen = new Set<string>()): boolean => {
    if (targets.has(type.name)) return true;
    if (memo.has(type.name)) return memo.get(type.name)!;
    if (seen.has(type.name)) return false;
    seen.add(type.name);
    const result = Object.values(type.getFields()).some((field) => {
      const named = getNamedType(field.type);
      return isObjectType(named) && reaches(named, seen);
    });
    if (seen.size === 1) memo.set(type.name, result);
    return result;
  };
  const paths = new Set<string>(Object.keys(schema.getQueryType()!.getFields()).map((name) => `Query.${name}`));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type.name === 'Mutation' || type.name === 'Query') continue;
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (!isObjectType(named) || !reaches(named)) continue;
      paths.add(`${type.name}.${field.name}`);
      if (named.name.endsWith('Connection') && named.getFields().totalCount) paths.add(`${named.name}.totalCount`);
    }
  }
  return [...paths].sort();
}

/** The `Type.field` coordinates a set of documents selects. */
function coveredPaths(schema: GraphQLSchema, documents: string[]): Set<string> {
  const covered = new Set<string>();
  for (const source of documents) {
    const typeInfo = new TypeInfo(schema);
    visit(
      parse(source),
      visitWithTypeInfo(typeInfo, {
        Field() {
          const parent = typeInfo.getParentType();
          const field = typeInfo.getFieldDef();
          if (parent && field) covered.add(`${parent.name}.${field.name}`);
        },
      }),
    );
  }
  return covered;
}

describe('Confidential leads and meetings', () => {
  let t: TestApp;
  let schema: GraphQLSchema;
  let vars: Record<string, string>;
  const tokens: Record<'insider' | 'outsider' | 'named' | 'viewer' | 'owner', string> = {} as never;
  const userIds: Record<string, string> = {};
  let apiKey: string;
  let teamId: string;
  let otherTeamId: string;
  const conf: Record<'lead' | 'wonLead' | 'meeting' | 'leadTask' | 'meetingTask' | 'partnership' | 'note', string> = {} as never;
  let before: Record<string, Record<string, unknown>>;

  async function snapshot(as: string | { apiKey: string }): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const [name, query] of Object.entries(PROBES)) {
      const used = Object.fromEntries(Object.entries(vars).filter(([key]) => query.includes(`$${key}`)));
      const res =
        typeof as === 'string'
          ? await t.gql(query, used, as)
          : await fetch(`${t.url}/graphql`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-api-key': as.apiKey },
              body: JSON.stringify({ query, variables: used }),
            }).then(async (r) => ({ status: r.status, body: await r.json() }));
      expect({ name, status: res.status, errors: res.body.errors }).toEqual({ name, status: 200, errors: undefined });
      out[name] = res.body;
    }
    return out;
  }

  async function gqlOk<T = any>(token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
    const res = await t.gql<T>(query, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors.map((e) => [e.message, e.extensions.code, e.extensions.field])));
    return res.data as T;
  }

  async function userWithToken(key: string, role: 'STAFF' | 'VIEWER'): Promise<string> {
    const email = `${key}@wfs.test`;
    const token = await t.userToken(role, email);
    userIds[key] = (await gqlOk(token, `{ me { id } }`)).me.id;
    return token;
  }

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.dataSource.manager);
    schema = buildSchema(readFileSync(join(ROOT, 'schema.gql'), 'utf8'));
    tokens.insider = await userWithToken('insider', 'STAFF');
    tokens.owner = await userWithToken('owner', 'STAFF');
    tokens.outsider = await userWithToken('outsider', 'STAFF');
    tokens.named = await userWithToken('named', 'STAFF');
    tokens.viewer = await t.login(DEMO_USERS.ministry.email, DEMO_PASSWORD);
    const key = await t.asAdmin(`mutation { createApiKey(input: { name: "Dashboard", role: READ_ONLY }) { secret } }`);
    apiKey = key.data.createApiKey.secret;

    const team = await t.asAdmin(`mutation { createTeam(input: { name: "Invest in Saxony" }) { id } }`);
    teamId = team.data.createTeam.id;
    const other = await t.asAdmin(`mutation { createTeam(input: { name: "Automotive" }) { id } }`);
    otherTeamId = other.data.createTeam.id;
    for (const [team, user] of [
      [teamId, 'insider'],
      [teamId, 'owner'],
      [otherTeamId, 'outsider'],
    ]) {
      const res = await t.asAdmin(`mutation ($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }`, {
        t: team,
        u: userIds[user],
      });
      expect(res.errors).toBeUndefined();
    }
    // The demo partnership, one of its parties, and a task about that party or its leads.
    const [demoPartnership] = await t.dataSource.query(`SELECT id FROM partnerships ORDER BY id LIMIT 1`);
    const [party] = await t.dataSource.query(
      `SELECT pp.organisation_id AS id FROM partnership_parties pp JOIN organisations o ON o.id = pp.organisation_id
       WHERE pp.partnership_id = $1 AND o.country = 'IT'`,
      [demoPartnership.id],
    );
    const [demoTask] = await t.dataSource.query(
      `SELECT id FROM tasks WHERE organisation_id = $1 OR lead_id IN (SELECT lead_id FROM lead_organisations WHERE organisation_id = $1)
       ORDER BY id LIMIT 1`,
      [party.id],
    );
    vars = {
      org: party.id,
      member: DEMO_IDS.org('lombardia'),
      network: DEMO_IDS.org('aar'),
      person: DEMO_IDS.person('rossi'),
      trip: DEMO_IDS.trip,
      meeting: (await t.dataSource.query(`SELECT id FROM meetings WHERE trip_id = $1 AND status = 'HELD' ORDER BY starts_at LIMIT 1`, [DEMO_IDS.trip]))[0].id,
      task: demoTask.id,
      partnership: demoPartnership.id,
    };
    // A contact no meeting names yet: only the confidential meeting will.
    const newHost = await gqlOk(t.adminToken, `mutation { createPerson(input: { givenName: "Lorenzo", familyName: "Verdi" }) { id } }`);
    await t.asAdmin(`mutation { runDigestNow { date } }`);

    before = {
      outsider: await snapshot(tokens.outsider),
      viewer: await snapshot(tokens.viewer),
      apiKey: await snapshot({ apiKey }),
      admin: await snapshot(t.adminToken),
      named: await snapshot(tokens.named),
    };

    // The insider records a confidential investment tied to everything the probes read,
    // including a host met only in the confidential meeting (Lorenzo Verdi, a new contact of the trip).
    const today = new Date().toISOString().slice(0, 10);

    const meeting = await gqlOk(
      tokens.insider,
      `mutation ($input: CreateMeetingInput!) { createMeeting(input: $input) { id version } }`,
      {
        input: {
          title: 'Vertrauliches Gespräch: Batteriezellen-Werk',
          kind: 'B2B',
          startsAt: '2024-05-15T16:00:00',
          timeZone: 'Europe/Rome',
          tripId: vars.trip,
          organisationIds: [vars.org, vars.network],
          participants: [
            { personId: vars.person, side: 'HOST' },
            { personId: newHost.createPerson.id, side: 'HOST' },
          ],
          confidentiality: 'CONFIDENTIAL',
        },
      },
    );
    conf.meeting = meeting.createMeeting.id;
    await gqlOk(
      tokens.insider,
      `mutation ($id: ID!, $v: Int!) { recordMeetingOutcome(id: $id, expectedVersion: $v, input: { outcomeSummary: "Standortsuche läuft" }) { id } }`,
      { id: conf.meeting, v: meeting.createMeeting.version },
    );
    const createLead = `mutation ($input: CreateLeadInput!) { createLead(input: $input) { id version team { id } } }`;
    const lead = await gqlOk(tokens.insider, createLead, {
      input: {
        title: 'Batteriezellen-Werk (vertraulich)',
        kind: 'INVESTMENT',
        topics: ['battery cells'],
        ownerId: userIds.owner,
        estimatedValue: 250_000_000,
        potentialJobs: 800,
        nextStep: 'Standortbesichtigung',
        nextStepDate: today,
        originTripId: vars.trip,
        originMeetingId: vars.meeting,
        organisations: [
          { organisationId: vars.org, side: 'PARTNER' },
          { organisationId: vars.member, side: 'PARTNER' },
        ],
        contactIds: [vars.person],
        confidentiality: 'CONFIDENTIAL',
        sharedWithUserIds: [userIds.named],
      },
    });
    conf.lead = lead.createLead.id;
    expect(lead.createLead.team).toEqual({ id: teamId });
    await gqlOk(tokens.insider, `mutation ($id: ID!) { moveLeadStage(id: $id, expectedVersion: 1, stage: CONTACTED) { id } }`, {
      id: conf.lead,
    });
    const won = await gqlOk(tokens.insider, createLead, {
      input: {
        title: 'Zulieferer-Ansiedlung (vertraulich)',
        kind: 'SUPPLY',
        originTripId: vars.trip,
        originMeetingId: conf.meeting,
        organisations: [{ organisationId: vars.org, side: 'PARTNER' }],
        contactIds: [vars.person],
        estimatedValue: 5_000_000,
        confidentiality: 'CONFIDENTIAL',
        teamId,
      },
    });
    conf.wonLead = won.createLead.id;
    let version = 1;
    for (const stage of ['CONTACTED', 'QUALIFIED', 'NEGOTIATING']) {
      const moved = await gqlOk(
        tokens.insider,
        `mutation ($id: ID!, $v: Int!, $s: LeadStage!) { moveLeadStage(id: $id, expectedVersion: $v, stage: $s) { version } }`,
        { id: conf.wonLead, v: version, s: stage },
      );
      version = moved.moveLeadStage.version;
    }
    const partnership = await gqlOk(
      tokens.insider,
      `mutation ($id: ID!, $v: Int!) { convertLeadToPartnership(leadId: $id, expectedVersion: $v,
         input: { kind: SUPPLY_CONTRACT, valueEur: 5000000 }) { id } }`,
      { id: conf.wonLead, v: version },
    );
    conf.partnership = partnership.convertLeadToPartnership.id;
    const createTask = `mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }`;
    conf.leadTask = (
      await gqlOk(tokens.insider, createTask, {
        input: { title: 'NDA senden', leadId: conf.lead, assigneeId: userIds.named, dueDate: today, organisationId: vars.org, personId: vars.person },
      })
    ).createTask.id;
    conf.meetingTask = (
      await gqlOk(tokens.insider, createTask, {
        input: { title: 'Grundstücksliste schicken', meetingId: conf.meeting, isCommitment: true, promisedById: vars.person, dueDate: '2024-06-01', assigneeId: userIds.outsider },
      })
    ).createTask.id;
    for (const [recordType, recordId] of [
      ['LEAD', conf.lead],
      ['MEETING', conf.meeting],
    ]) {
      await gqlOk(tokens.insider, `mutation ($t: RecordType!, $id: ID!) { tagRecord(recordType: $t, recordId: $id, tags: ["gigafactory", "battery cells"]) }`, {
        t: recordType,
        id: recordId,
      });
      const note = await gqlOk(tokens.insider, `mutation ($t: RecordType!, $id: ID!) { addNote(input: { recordType: $t, recordId: $id, body: "Streng vertraulich" }) { id } }`, {
        t: recordType,
        id: recordId,
      });
      conf.note = note.addNote.id;
    }
    await t.asAdmin(`mutation { runDigestNow { date } }`);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('has a probe for every schema path that can reach a lead or a meeting', () => {
    const paths = pathsToConfidential(schema);
    const covered = coveredPaths(schema, [...Object.values(PROBES), ...Object.values(BY_ID)]);
    const missing = paths.filter((path) => !covered.has(path) && !EXEMPT.has(path));
    expect(missing).toEqual([]);
    // Exemptions name real paths (a renamed field must not leave a stale one behind).
    expect([...EXEMPT.keys()].filter((path) => !paths.includes(path))).toEqual([]);
    // The note of issue 4 quotes this number.
    expect(paths.length - EXEMPT.size).toBeGreaterThanOrEqual(100);
  });

  it.each(['outsider', 'viewer', 'apiKey'] as const)('shows the %s exactly what it saw before: no entry, count or figure moves', async (who) => {
    const after = await snapshot(who === 'apiKey' ? { apiKey } : tokens[who]);
    for (const name of Object.keys(PROBES)) {
      expect({ probe: name, body: after[name] }).toEqual({ probe: name, body: before[who][name] });
    }
  });

  it('moves every probe for the admin, so each probe reaches the confidential records', async () => {
    const after = await snapshot(t.adminToken);
    const unchanged = Object.keys(PROBES).filter((name) => JSON.stringify(after[name]) === JSON.stringify(before.admin[name]));
    // The admin is assigned no task, so their own task list and digest stay; the named user's move (next test).
    expect(unchanged.sort()).toEqual(['myDigest', 'myTasks']);
  });

  it("moves the named user's own tasks and digest, and shows them the lead they are named on but not the meeting", async () => {
    const after = await snapshot(tokens.named);
    expect(after.myTasks).not.toEqual(before.named.myTasks);
    expect(after.myDigest).not.toEqual(before.named.myDigest);
    const lead = await t.gql(`query ($id: ID!) { lead(id: $id) { id sharedWith { id } } }`, { id: conf.lead }, tokens.named);
    expect(lead.data.lead).toEqual({ id: conf.lead, sharedWith: [{ id: userIds.named }] });
    const meeting = await t.gql(`query ($id: ID!) { meeting(id: $id) { id } }`, { id: conf.meeting }, tokens.named);
    expect(meeting.errors?.[0].extensions.code).toBe('NOT_FOUND');
    // The meeting's commitment belongs to a meeting they may not see.
    const task = await t.gql(`query ($id: ID!) { task(id: $id) { id } }`, { id: conf.meetingTask }, tokens.named);
    expect(task.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });

  it.each(Object.keys(BY_ID))('answers %s by id for an outsider exactly as for an unknown id', async (name) => {
    const ids: Record<string, string> = {
      lead: conf.lead,
      meeting: conf.meeting,
      task: conf.leadTask,
      partnership: conf.partnership,
      leadAudit: conf.lead,
      meetingAudit: conf.meeting,
      taskAudit: conf.meetingTask,
      noteAudit: conf.note,
    };
    for (const token of [tokens.outsider, tokens.viewer]) {
      const secret = await t.gql(BY_ID[name], { id: ids[name] }, token);
      const unknown = await t.gql(BY_ID[name], { id: UNKNOWN }, token);
      expect(secret.data).toEqual(unknown.data);
      expect(secret.errors?.map((e) => e.extensions.code)).toEqual(unknown.errors?.map((e) => e.extensions.code));
      expect(secret.errors?.[0].message.replace(ids[name], 'ID')).toEqual(unknown.errors?.[0].message.replace(UNKNOWN, 'ID'));
    }
    const insider = await t.gql(BY_ID[name], { id: ids[name] }, name.endsWith('Audit') ? t.adminToken : tokens.insider);
    expect(insider.errors).toBeUndefined();
  });

  it('answers every mutation an outsider aims at a confidential record as for an unknown id, and changes nothing', async () => {
    const counts = async () =>
      (
        await t.dataSource.query(`SELECT (SELECT count(*) FROM audit_log WHERE action <> 'READ')::int AS audit,
           (SELECT max(version) FROM leads WHERE id = $1)::int AS lead, (SELECT max(version) FROM meetings WHERE id = $2)::int AS meeting`, [
          conf.lead,
          conf.meeting,
        ])
      )[0];
    const start = await counts();
    const attempts: [string, { id: string }, string][] = [
      [`mutation ($id: ID!) { updateLead(id: $id, expectedVersion: 2, input: { title: "x" }) { id } }`, { id: conf.lead }, 'id'],
      [`mutation ($id: ID!) { moveLeadStage(id: $id, expectedVersion: 2, stage: QUALIFIED) { id } }`, { id: conf.lead }, 'id'],
      [`mutation ($id: ID!) { archiveLead(id: $id) { id } }`, { id: conf.lead }, 'id'],
      [`mutation ($id: ID!) { restoreLead(id: $id) { id } }`, { id: conf.lead }, 'id'],
      [`mutation ($id: ID!) { convertLeadToPartnership(leadId: $id, expectedVersion: 2, input: { kind: MOU }) { id } }`, { id: conf.lead }, 'leadId'],
      [`mutation ($id: ID!) { updateMeeting(id: $id, expectedVersion: 2, input: { title: "x" }) { id } }`, { id: conf.meeting }, 'id'],
      [`mutation ($id: ID!) { cancelMeeting(id: $id, expectedVersion: 2, reason: "x") { id } }`, { id: conf.meeting }, 'id'],
      [`mutation ($id: ID!) { recordMeetingOutcome(id: $id, expectedVersion: 2, input: { outcomeSummary: "x" }) { id } }`, { id: conf.meeting }, 'id'],
      [`mutation ($id: ID!) { archiveMeeting(id: $id) { id } }`, { id: conf.meeting }, 'id'],
      [`mutation ($id: ID!) { restoreMeeting(id: $id) { id } }`, { id: conf.meeting }, 'id'],
      [`mutation ($id: ID!) { addNote(input: { recordType: LEAD, recordId: $id, body: "x" }) { id } }`, { id: conf.lead }, 'input.recordId'],
      [`mutation ($id: ID!) { addNote(input: { recordType: MEETING, recordId: $id, body: "x" }) { id } }`, { id: conf.meeting }, 'input.recordId'],
      [`mutation ($id: ID!) { tagRecord(recordType: LEAD, recordId: $id, tags: ["x"]) }`, { id: conf.lead }, 'recordId'],
      [`mutation ($id: ID!) { untagRecord(recordType: MEETING, recordId: $id, tags: ["gigafactory"]) }`, { id: conf.meeting }, 'recordId'],
      [`mutation ($id: ID!) { createTask(input: { title: "x", leadId: $id }) { id } }`, { id: conf.lead }, 'input.leadId'],
      [`mutation ($id: ID!) { createTask(input: { title: "x", meetingId: $id }) { id } }`, { id: conf.meeting }, 'input.meetingId'],
      [`mutation ($id: ID!) { updateTask(id: $id, expectedVersion: 1, input: { title: "x" }) { id } }`, { id: conf.leadTask }, 'id'],
      [`mutation ($id: ID!) { completeTask(id: $id, expectedVersion: 1) { id } }`, { id: conf.leadTask }, 'id'],
      [`mutation ($id: ID!) { archiveTask(id: $id) { id } }`, { id: conf.meetingTask }, 'id'],
      [`mutation ($id: ID!) { archiveNote(id: $id) { id } }`, { id: conf.note }, 'id'],
      [`mutation ($id: ID!) { updatePartnership(id: $id, expectedVersion: 1, input: { title: "x" }) { id } }`, { id: conf.partnership }, 'id'],
      [`mutation ($id: ID!) { archivePartnership(id: $id) { id } }`, { id: conf.partnership }, 'id'],
      [
        `mutation ($id: ID!) { createLead(input: { title: "x", kind: EXPORT, originMeetingId: $id }) { id } }`,
        { id: conf.meeting },
        'input.originMeetingId',
      ],
      [
        `mutation ($id: ID!) { logMeeting(input: { meetingId: $id, expectedVersion: 2, outcome: { outcomeSummary: "x" } }) { meeting { id } } }`,
        { id: conf.meeting },
        'input.meetingId',
      ],
    ];
    const wrong: string[] = [];
    const answer = (res: { errors?: { message: string; extensions: { code: string; field?: string } }[] }, id: string) =>
      res.errors?.map((e) => ({ code: e.extensions.code, field: e.extensions.field, message: e.message.replace(id, 'ID') }));
    for (const [mutation, variables, field] of attempts) {
      const secret = answer(await t.gql(mutation, variables, tokens.outsider), variables.id);
      const unknown = answer(await t.gql(mutation, { id: UNKNOWN }, tokens.outsider), UNKNOWN);
      if (!secret || secret[0].field !== field || !['NOT_FOUND', 'BAD_USER_INPUT'].includes(secret[0].code)) {
        wrong.push(`${mutation.slice(11, 60)}: ${JSON.stringify(secret)}`);
      }
      expect({ mutation, answer: secret }).toEqual({ mutation, answer: unknown });
    }
    expect(wrong).toEqual([]);
    expect(await counts()).toEqual(start);
  });

  it('leaves confidential records out of list and report exports and the printable trip report for an outsider', async () => {
    const download = async (path: string, token: string) => {
      const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      return res.text();
    };
    const tripArgs = encodeURIComponent(JSON.stringify({ tripId: vars.trip }));
    for (const path of [
      '/exports/leads?format=csv',
      '/exports/meetings?format=csv',
      '/exports/tasks?format=csv',
      `/exports/reports/trip?section=leads&args=${tripArgs}`,
      `/exports/reports/follow-up?section=upcoming-next-steps`,
      `/reports/trips/${vars.trip}`,
    ]) {
      const outsider = await download(path, tokens.outsider);
      const insider = await download(path, tokens.insider);
      for (const secret of ['Batteriezellen-Werk', 'Zulieferer-Ansiedlung', 'NDA senden', 'Grundstücksliste']) {
        expect({ path, secret, found: outsider.includes(secret) }).toEqual({ path, secret, found: false });
      }
      expect({ path, found: insider.includes('Batteriezellen') || insider.includes('NDA senden') || insider.includes('250.000.000') }).toEqual({
        path,
        found: true,
      });
    }
  });

  it('logs reads of confidential records in the audit trail, and only reads that happened', async () => {
    const reads = () =>
      t.dataSource.query(
        `SELECT actor_user_id AS "userId", record_type AS "table" FROM audit_log WHERE action = 'READ' AND record_id = $1 ORDER BY id`,
        [conf.lead],
      );
    const start = (await reads()).length;
    await t.gql(`query ($id: ID!) { lead(id: $id) { id } }`, { id: conf.lead }, tokens.outsider);
    await t.gql(`{ leads(first: 100) { edges { node { id } } } }`, undefined, tokens.outsider);
    expect((await reads()).length).toBe(start);
    await t.gql(`query ($id: ID!) { lead(id: $id) { title } }`, { id: conf.lead }, tokens.insider);
    await t.gql(`{ leads(first: 100) { edges { node { title } } } }`, undefined, tokens.named);
    const logged = (await reads()).slice(start);
    expect(logged).toEqual([
      { userId: userIds.insider, table: 'leads' },
      { userId: userIds.named, table: 'leads' },
    ]);
    // An export is a read too: the named user's CSV of leads holds the lead.
    await fetch(`${t.url}/exports/leads?format=csv`, { headers: { authorization: `Bearer ${tokens.named}` } }).then((r) => r.text());
    expect((await reads()).slice(start + 2)).toEqual([{ userId: userIds.named, table: 'leads' }]);
    // A report row naming the lead is a read too; an outsider's report names nothing hidden, so logs nothing.
    await t.gql(`query ($trip: ID!) { tripReport(tripId: $trip) { leads { leads { title } } } }`, { trip: vars.trip }, tokens.outsider);
    expect((await reads()).length).toBe(start + 3);
    await t.gql(`query ($trip: ID!) { tripReport(tripId: $trip) { leads { leads { title } } } }`, { trip: vars.trip }, tokens.insider);
    expect((await reads()).slice(start + 3)).toEqual([{ userId: userIds.insider, table: 'leads' }]);
    const trail = await t.asAdmin(`query ($id: ID!) { auditTrail(recordType: LEAD, recordId: $id, first: 100) { edges { node { action } } } }`, {
      id: conf.lead,
    });
    expect(trail.data.auditTrail.edges.map((e: any) => e.node.action)).toContain('READ');
  });

  it('stops showing the records the moment a member leaves the team, and keeps showing the owner their lead', async () => {
    const query = `query ($id: ID!) { lead(id: $id) { id } }`;
    expect((await t.gql(query, { id: conf.lead }, tokens.insider)).data?.lead.id).toBe(conf.lead);
    const removed = await t.asAdmin(`mutation ($t: ID!, $u: ID!) { removeTeamMember(teamId: $t, userId: $u) { id } }`, {
      t: teamId,
      u: userIds.insider,
    });
    expect(removed.errors).toBeUndefined();
    expect((await t.gql(query, { id: conf.lead }, tokens.insider)).errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect((await t.gql(`query ($id: ID!) { meeting(id: $id) { id } }`, { id: conf.meeting }, tokens.insider)).data?.meeting.id).toBe(
      // The insider created the meeting while in the team, so was not named on it: it goes too.
      undefined,
    );
    await t.asAdmin(`mutation ($t: ID!, $u: ID!) { removeTeamMember(teamId: $t, userId: $u) { id } }`, { t: teamId, u: userIds.owner });
    expect((await t.gql(query, { id: conf.lead }, tokens.owner)).data?.lead.id).toBe(conf.lead);
    await t.asAdmin(`mutation ($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }`, { t: teamId, u: userIds.insider });
    expect((await t.gql(query, { id: conf.lead }, tokens.insider)).data?.lead.id).toBe(conf.lead);
  });

  it('keeps a user who makes a record confidential outside their own team able to see it', async () => {
    const created = await gqlOk(
      tokens.outsider,
      `mutation ($team: ID!) { createLead(input: { title: "Fremdes Team", kind: EXPORT, confidentiality: CONFIDENTIAL, teamId: $team, ownerId: "${userIds.insider}" }) {
         id team { id } sharedWith { id } } }`,
      { team: teamId },
    );
    expect(created.createLead.team).toEqual({ id: teamId });
    expect(created.createLead.sharedWith).toEqual([{ id: userIds.outsider }]);
    const read = await t.gql(`query ($id: ID!) { lead(id: $id) { id } }`, { id: created.createLead.id }, tokens.outsider);
    expect(read.data?.lead.id).toBe(created.createLead.id);
  });

  it('does not betray a confidential meeting through the provenance of an INTERNAL lead that came from it', async () => {
    const created = await gqlOk(
      tokens.insider,
      `mutation ($m: ID!) { createLead(input: { title: "Öffentlicher Folgekontakt", kind: EXPORT, originMeetingId: $m }) { id } }`,
      { m: conf.meeting },
    );
    const query = `query ($id: ID!) { lead(id: $id) { originMeetingId originTripId origin { tripId meetingId meeting { id } trip { id } } } }`;
    const outsider = await t.gql(query, { id: created.createLead.id }, tokens.outsider);
    expect(outsider.data.lead).toEqual({
      originMeetingId: null,
      originTripId: vars.trip,
      origin: { tripId: vars.trip, meetingId: null, meeting: null, trip: { id: vars.trip } },
    });
    const insider = await t.gql(query, { id: created.createLead.id }, tokens.insider);
    expect(insider.data.lead.originMeetingId).toBe(conf.meeting);
    expect(insider.data.lead.origin.meeting).toEqual({ id: conf.meeting });
  });

  it('rejects a confidential record with an unknown team or unknown named user, naming the field', async () => {
    const res = await t.gql(
      `mutation ($team: ID!) { createLead(input: { title: "x", kind: EXPORT, confidentiality: CONFIDENTIAL, teamId: $team }) { id } }`,
      { team: UNKNOWN },
      tokens.insider,
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.teamId' });
    const named = await t.gql(
      `mutation ($u: ID!) { createMeeting(input: { title: "x", kind: CALL, startsAt: "2026-01-01T10:00:00", timeZone: "Europe/Berlin",
         confidentiality: CONFIDENTIAL, sharedWithUserIds: [$u] }) { id } }`,
      { u: UNKNOWN },
      tokens.insider,
    );
    expect(named.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.sharedWithUserIds.0' });
  });
});
