import fc from 'fast-check';
import { createTestApp, TestApp } from '../utils/test-app';

/*
 * Property (issue 4): over random teams, memberships, leads and meetings
 * (owner, team, confidentiality, named extra users) and every kind of user,
 * what each user gets through the API (by id, in the list, in its
 * totalCount) equals what the rule says. The rule is written out here again,
 * independently of src/access/access-policy.ts:
 *   INTERNAL: everyone (users of every role and API keys);
 *   CONFIDENTIAL: admins, members of the record's team, users named on it,
 *   and a lead's owner; never an API key.
 */

type Role = 'ADMIN' | 'STAFF' | 'VIEWER';
interface RecordSpec {
  confidential: boolean;
  team: number | null;
  owner: number;
  named: number[];
}
interface World {
  memberships: [number, number][];
  leads: RecordSpec[];
  meetings: RecordSpec[];
}

const USERS: Role[] = ['ADMIN', 'STAFF', 'STAFF', 'STAFF', 'VIEWER'];
const TEAMS = 2;

function oracle(world: World, user: number | 'API_KEY', record: RecordSpec, isLead: boolean): boolean {
  if (!record.confidential) return true;
  if (user === 'API_KEY') return false;
  if (USERS[user] === 'ADMIN') return true;
  if (isLead && record.owner === user) return true;
  if (record.named.includes(user)) return true;
  return record.team !== null && world.memberships.some(([team, member]) => team === record.team && member === user);
}

const recordSpec = fc.record({
  confidential: fc.boolean(),
  team: fc.option(fc.integer({ min: 0, max: TEAMS - 1 }), { nil: null }),
  owner: fc.integer({ min: 0, max: USERS.length - 1 }),
  named: fc.uniqueArray(fc.integer({ min: 0, max: USERS.length - 1 }), { maxLength: 2 }),
});

const world: fc.Arbitrary<World> = fc.record({
  memberships: fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: TEAMS - 1 }), fc.integer({ min: 0, max: USERS.length - 1 })), {
    maxLength: 6,
    selector: ([team, user]) => `${team}:${user}`,
  }),
  leads: fc.array(recordSpec, { minLength: 1, maxLength: 4 }),
  meetings: fc.array(recordSpec, { minLength: 1, maxLength: 3 }),
});

describe('Access policy (property)', () => {
  let t: TestApp;
  const tokens: string[] = [];
  const userIds: string[] = [];
  const teamIds: string[] = [];
  let apiKey: string;

  beforeAll(async () => {
    t = await createTestApp();
    for (const [i, role] of USERS.entries()) {
      const token = i === 0 ? t.adminToken : await t.userToken(role, `p${i}@wfs.test`);
      tokens.push(token);
      userIds.push((await t.gql(`{ me { id } }`, undefined, token)).data.me.id);
    }
    for (let i = 0; i < TEAMS; i++) {
      teamIds.push((await t.asAdmin(`mutation { createTeam(input: { name: "Team ${i}" }) { id } }`)).data.createTeam.id);
    }
    apiKey = (await t.asAdmin(`mutation { createApiKey(input: { name: "prop", role: READ_ONLY }) { secret } }`)).data.createApiKey.secret;
  });

  afterAll(async () => {
    await t?.close();
  });

  /** Writes the world straight into the tables (the property is about reading) and returns the record ids. */
  async function build(w: World): Promise<{ leads: string[]; meetings: string[] }> {
    const db = t.dataSource;
    await db.query(`DELETE FROM record_access`);
    await db.query(`DELETE FROM team_members`);
    await db.query(`DELETE FROM lead_stage_changes`);
    await db.query(`DELETE FROM leads`);
    await db.query(`DELETE FROM meetings`);
    for (const [team, user] of w.memberships) {
      await db.query(`INSERT INTO team_members (team_id, user_id) VALUES ($1, $2)`, [teamIds[team], userIds[user]]);
    }
    const insert = async (table: 'leads' | 'meetings', spec: RecordSpec, i: number): Promise<string> => {
      const level = spec.confidential ? 'CONFIDENTIAL' : 'INTERNAL';
      const team = spec.team === null ? null : teamIds[spec.team];
      const [{ id }] =
        table === 'leads'
          ? await db.query(
              `INSERT INTO leads (title, kind, owner_id, confidentiality, team_id) VALUES ($1, 'EXPORT', $2, $3, $4) RETURNING id`,
              [`Lead ${i}`, userIds[spec.owner], level, team],
            )
          : await db.query(
              `INSERT INTO meetings (title, kind, starts_at, time_zone, confidentiality, team_id)
               VALUES ($1, 'CALL', now(), 'Europe/Berlin', $2, $3) RETURNING id`,
              [`Meeting ${i}`, level, team],
            );
      if (table === 'leads') {
        await db.query(`INSERT INTO lead_stage_changes (lead_id, to_stage, changed_by) VALUES ($1, 'NEW', $2)`, [id, userIds[spec.owner]]);
      }
      for (const user of spec.named) {
        await db.query(`INSERT INTO record_access (record_type, record_id, user_id) VALUES ($1, $2, $3)`, [
          table === 'leads' ? 'LEAD' : 'MEETING',
          id,
          userIds[user],
        ]);
      }
      return id;
    };
    const leads: string[] = [];
    for (const [i, spec] of w.leads.entries()) leads.push(await insert('leads', spec, i));
    const meetings: string[] = [];
    for (const [i, spec] of w.meetings.entries()) meetings.push(await insert('meetings', spec, i));
    return { leads, meetings };
  }

  async function ask(who: number | 'API_KEY', query: string, variables?: Record<string, unknown>) {
    if (who !== 'API_KEY') return (await t.gql(query, variables, tokens[who])).body;
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify({ query, variables }),
    });
    return res.json();
  }

  it('gives every user exactly the leads and meetings the rule allows, by id, in lists and in counts', async () => {
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        const ids = await build(w);
        const everyone: (number | 'API_KEY')[] = [...USERS.keys(), 'API_KEY'];
        for (const who of everyone) {
          const expectedLeads = ids.leads.filter((_, i) => oracle(w, who, w.leads[i], true)).sort();
          const expectedMeetings = ids.meetings.filter((_, i) => oracle(w, who, w.meetings[i], false)).sort();
          const lists = await ask(who, `{ leads(first: 100) { totalCount edges { node { id } } } meetings(first: 100) { totalCount edges { node { id } } } }`);
          expect(lists.data.leads.edges.map((e: any) => e.node.id).sort()).toEqual(expectedLeads);
          expect(lists.data.leads.totalCount).toBe(expectedLeads.length);
          expect(lists.data.meetings.edges.map((e: any) => e.node.id).sort()).toEqual(expectedMeetings);
          expect(lists.data.meetings.totalCount).toBe(expectedMeetings.length);
          for (const [kind, list, expected] of [
            ['lead', ids.leads, expectedLeads],
            ['meeting', ids.meetings, expectedMeetings],
          ] as const) {
            for (const id of list) {
              const res = await ask(who, `query ($id: ID!) { ${kind}(id: $id) { id } }`, { id });
              if (expected.includes(id)) expect(res.data[kind].id).toBe(id);
              else expect(res.errors[0].extensions.code).toBe('NOT_FOUND');
            }
          }
        }
      }),
      { numRuns: 25, seed: 4242 },
    );
  });
});
