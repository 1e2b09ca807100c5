import fc from 'fast-check';
import { asViewer } from '../../src/access/access-policy';
import { Role } from '../../src/auth/role.enum';
import { LiaisonException } from '../../src/common/errors/liaison.exception';
import { OrganisationMergeField, PersonMergeField } from '../../src/merges/dto/merge.args';
import { MergesService } from '../../src/merges/merges.service';
import { createTestApp, TestApp } from '../utils/test-app';

/*
 * Property (issue 14): in a random graph of people and organisations linked
 * through every link table, after any sequence of merges (random pairs,
 * random field choices) and unmerges (the latest merge still in force):
 *  - every link exists exactly once: the links as the graph was built, each
 *    end mapped to the record its id now answers for, are exactly the links
 *    in the tables (doubles collapsed, nothing lost, nothing left behind);
 *  - an unmerge restores the state before its merge in every table, derived
 *    ones included (dumps of the rows compared; the records' version and
 *    updated_at move on, as for any change);
 *  - the pipeline report by country equals a count from scratch, and no
 *    organisation merge changes its total.
 */

const PEOPLE = 4;
const ORGANISATIONS = 4;
const LEADS = 2;
const MEETINGS = 2;
const EMAILS = ['a@dup.example', 'b@dup.example', null];

/** Every table a merge touches, its columns in a stable order; the records' bookkeeping columns left out. */
const DUMPED: Record<string, string> = {
  people: 'id, title, given_name, family_name, emails, phones, preferred_language, background, archived_at, created_at',
  organisations: 'id, name, legal_name, kind, country, region, nuts_code, city, website, sectors, parent_id, description, archived_at, created_at',
  affiliations: '*',
  organisation_memberships: '*',
  meeting_participants: '*',
  meeting_organisations: '*',
  lead_contacts: '*',
  lead_organisations: '*',
  trip_delegates: '*',
  trips: '*',
  tasks: '*',
  notes: '*',
  taggings: '*',
  record_access: '*',
  partnership_parties: '*',
  duplicate_pairs: '*',
  lead_countries: '*',
  pipeline_lead_facts: '*',
};

/** Link tables as pairs of ends; `kind` says which end a merge maps. */
const LINKS: { table: string; sql: string; ends: ('P' | 'O' | '-')[] }[] = [
  { table: 'affiliations', sql: 'SELECT DISTINCT person_id, organisation_id FROM affiliations', ends: ['P', 'O'] },
  { table: 'meeting_participants', sql: 'SELECT meeting_id, person_id FROM meeting_participants', ends: ['-', 'P'] },
  { table: 'meeting_organisations', sql: 'SELECT meeting_id, organisation_id FROM meeting_organisations', ends: ['-', 'O'] },
  { table: 'lead_contacts', sql: 'SELECT lead_id, person_id FROM lead_contacts', ends: ['-', 'P'] },
  { table: 'lead_organisations', sql: 'SELECT lead_id, organisation_id FROM lead_organisations', ends: ['-', 'O'] },
  { table: 'trip_delegates', sql: 'SELECT trip_id, person_id FROM trip_delegates', ends: ['-', 'P'] },
  { table: 'partnership_parties', sql: 'SELECT partnership_id, organisation_id FROM partnership_parties', ends: ['-', 'O'] },
  { table: 'trips', sql: 'SELECT id, organiser_id FROM trips WHERE organiser_id IS NOT NULL', ends: ['-', 'O'] },
  { table: 'tasks', sql: 'SELECT id, person_id, promised_by_id, organisation_id FROM tasks', ends: ['-', 'P', 'P', 'O'] },
  { table: 'notes', sql: "SELECT id, record_type::text, record_id FROM notes WHERE record_type IN ('PERSON', 'ORGANISATION')", ends: ['-', '-', 'P'] },
  { table: 'taggings', sql: "SELECT record_type::text, record_id, tag FROM taggings WHERE record_type IN ('PERSON', 'ORGANISATION')", ends: ['-', 'P', '-'] },
  { table: 'record_access', sql: "SELECT record_type::text, record_id, user_id FROM record_access WHERE record_type IN ('PERSON', 'ORGANISATION')", ends: ['-', 'P', '-'] },
  {
    table: 'organisation_memberships',
    sql: 'SELECT DISTINCT member_id, network_id FROM organisation_memberships',
    ends: ['O', 'O'],
  },
];

const nat = (n: number) => fc.nat({ max: n - 1 });
const graph = fc.record({
  emails: fc.array(fc.constantFrom(...EMAILS), { minLength: PEOPLE, maxLength: PEOPLE }),
  names: fc.array(fc.constantFrom('Giulia Rossi', 'Rossi Giulia', 'Giulia Rosi', 'Marco Bianchi'), { minLength: PEOPLE, maxLength: PEOPLE }),
  organisationNames: fc.array(fc.constantFrom('Brembo', 'BREMBO', 'Brembo SpA', 'Lamborghini'), { minLength: ORGANISATIONS, maxLength: ORGANISATIONS }),
  countries: fc.array(fc.constantFrom('IT', 'DE', null), { minLength: ORGANISATIONS, maxLength: ORGANISATIONS }),
  parents: fc.array(fc.option(nat(ORGANISATIONS), { nil: null }), { minLength: ORGANISATIONS, maxLength: ORGANISATIONS }),
  affiliations: fc.array(fc.record({ person: nat(PEOPLE), org: nat(ORGANISATIONS), ended: fc.boolean(), rich: fc.boolean(), primary: fc.boolean() }), { maxLength: 8 }),
  participants: fc.uniqueArray(fc.record({ meeting: nat(MEETINGS), person: nat(PEOPLE), host: fc.boolean() }), { maxLength: 6, selector: (p) => `${p.meeting}:${p.person}` }),
  meetingOrganisations: fc.uniqueArray(fc.record({ meeting: nat(MEETINGS), org: nat(ORGANISATIONS) }), { maxLength: 4, selector: (p) => `${p.meeting}:${p.org}` }),
  contacts: fc.uniqueArray(fc.record({ lead: nat(LEADS), person: nat(PEOPLE) }), { maxLength: 5, selector: (p) => `${p.lead}:${p.person}` }),
  leadOrganisations: fc.uniqueArray(fc.record({ lead: nat(LEADS), org: nat(ORGANISATIONS), saxon: fc.boolean() }), { maxLength: 5, selector: (p) => `${p.lead}:${p.org}` }),
  delegates: fc.uniqueArray(nat(PEOPLE), { maxLength: 3 }),
  parties: fc.uniqueArray(nat(ORGANISATIONS), { maxLength: 3 }),
  organiser: fc.option(nat(ORGANISATIONS), { nil: null }),
  tasks: fc.array(fc.record({ person: fc.option(nat(PEOPLE), { nil: null }), promisedBy: fc.option(nat(PEOPLE), { nil: null }), org: fc.option(nat(ORGANISATIONS), { nil: null }) }), { maxLength: 3 }),
  notes: fc.array(fc.record({ person: fc.boolean(), index: nat(4) }), { maxLength: 3 }),
  tags: fc.uniqueArray(fc.record({ person: fc.boolean(), index: nat(4), tag: fc.constantFrom('x', 'y') }), { maxLength: 5, selector: (t) => `${t.person}:${t.index}:${t.tag}` }),
  memberships: fc.array(fc.record({ member: nat(ORGANISATIONS), network: nat(ORGANISATIONS), since: fc.boolean(), ended: fc.boolean() }), { maxLength: 4 }),
});
type Graph = typeof graph extends fc.Arbitrary<infer G> ? G : never;

type Op =
  | { op: 'mergePeople'; survivor: number; merged: number; choices: PersonMergeField[] }
  | { op: 'mergeOrganisations'; survivor: number; merged: number; choices: OrganisationMergeField[] }
  | { op: 'unmerge' };
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('mergePeople' as const), survivor: fc.nat(10), merged: fc.nat(10), choices: fc.subarray(Object.values(PersonMergeField)) }) },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('mergeOrganisations' as const), survivor: fc.nat(10), merged: fc.nat(10), choices: fc.subarray(Object.values(OrganisationMergeField)) }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('unmerge' as const) }) },
);

describe('Merges and unmerges (property)', () => {
  let t: TestApp;
  let merges: MergesService;
  let admin: { id: string; role: Role };
  let owner: string;

  const sql = (text: string, params: unknown[] = []) => t.dataSource.query(text, params);
  const one = async (text: string, params: unknown[] = []) => (await sql(text, params))[0];

  async function build(g: Graph) {
    const people: string[] = [];
    for (let i = 0; i < PEOPLE; i++) {
      const [given, family] = g.names[i].split(' ');
      const emails = g.emails[i] ? [{ address: g.emails[i], label: null, primary: true }] : [];
      people.push((await one(`INSERT INTO people (given_name, family_name, emails) VALUES ($1, $2, $3::jsonb) RETURNING id`, [given, family, JSON.stringify(emails)])).id);
    }
    const orgs: string[] = [];
    for (let i = 0; i < ORGANISATIONS; i++) {
      const parent = g.parents[i] !== null && g.parents[i]! < i ? orgs[g.parents[i]!] : null;
      orgs.push(
        (await one(`INSERT INTO organisations (name, kind, country, parent_id, sectors) VALUES ($1, 'COMPANY', $2, $3, $4) RETURNING id`, [
          g.organisationNames[i], g.countries[i], parent, [`s${i % 2}`],
        ])).id,
      );
    }
    const trip = (await one(`INSERT INTO trips (name, kind, start_date, end_date, organiser_id) VALUES ('Reise', 'DELEGATION', '2024-05-13', '2024-05-16', $1) RETURNING id`, [
      g.organiser === null ? null : orgs[g.organiser],
    ])).id;
    const meetings: string[] = [];
    for (let i = 0; i < MEETINGS; i++) {
      meetings.push((await one(`INSERT INTO meetings (title, kind, starts_at, time_zone, trip_id) VALUES ('Termin', 'TALK', now(), 'Europe/Rome', $1) RETURNING id`, [trip])).id);
    }
    const leads: string[] = [];
    for (let i = 0; i < LEADS; i++) {
      const res = await t.asAdmin(`mutation { createLead(input: { title: "Lead ${i}", kind: SUPPLY, estimatedValue: ${1000 * (i + 1)} }) { id } }`);
      leads.push(res.data.createLead.id);
    }
    for (const a of g.affiliations) {
      await sql(`INSERT INTO affiliations (person_id, organisation_id, job_title, start_date, end_date, is_primary) VALUES ($1, $2, $3, $4, $5, $6)`, [
        people[a.person], orgs[a.org], a.rich ? 'Einkauf' : null, a.rich ? '2020-01-01' : null, a.ended ? '2021-01-01' : null, a.primary,
      ]);
    }
    for (const p of g.participants) {
      await sql(`INSERT INTO meeting_participants (meeting_id, person_id, side) VALUES ($1, $2, $3)`, [meetings[p.meeting], people[p.person], p.host ? 'HOST' : 'DELEGATION']);
    }
    for (const m of g.meetingOrganisations) await sql(`INSERT INTO meeting_organisations (meeting_id, organisation_id) VALUES ($1, $2)`, [meetings[m.meeting], orgs[m.org]]);
    for (const c of g.contacts) await sql(`INSERT INTO lead_contacts (lead_id, person_id) VALUES ($1, $2)`, [leads[c.lead], people[c.person]]);
    for (const l of g.leadOrganisations) {
      await sql(`INSERT INTO lead_organisations (lead_id, organisation_id, side) VALUES ($1, $2, $3)`, [leads[l.lead], orgs[l.org], l.saxon ? 'SAXON' : 'PARTNER']);
    }
    for (const d of g.delegates) await sql(`INSERT INTO trip_delegates (trip_id, person_id, role) VALUES ($1, $2, 'DELEGATE')`, [trip, people[d]]);
    if (g.parties.length) {
      const partnership = (await one(`INSERT INTO partnerships (title, kind) VALUES ('Partnerschaft', 'MOU') RETURNING id`)).id;
      for (const p of g.parties) await sql(`INSERT INTO partnership_parties (partnership_id, organisation_id) VALUES ($1, $2)`, [partnership, orgs[p]]);
    }
    for (const task of g.tasks) {
      await sql(`INSERT INTO tasks (title, person_id, promised_by_id, is_commitment, organisation_id) VALUES ('Aufgabe', $1, $2, $3, $4)`, [
        task.person === null ? null : people[task.person], task.promisedBy === null ? null : people[task.promisedBy], task.promisedBy !== null,
        task.org === null ? null : orgs[task.org],
      ]);
    }
    const record = (person: boolean, index: number) => (person ? people[index % PEOPLE] : orgs[index % ORGANISATIONS]);
    for (const n of g.notes) {
      await sql(`INSERT INTO notes (record_type, record_id, body, author_id) VALUES ($1, $2, 'Notiz', $3)`, [n.person ? 'PERSON' : 'ORGANISATION', record(n.person, n.index), owner]);
    }
    for (const tag of g.tags) {
      await sql(`INSERT INTO taggings (record_type, record_id, tag) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [tag.person ? 'PERSON' : 'ORGANISATION', record(tag.person, tag.index), tag.tag]);
    }
    for (const m of g.memberships) {
      if (m.member === m.network) continue;
      await sql(`INSERT INTO organisation_memberships (member_id, network_id, since, until) VALUES ($1, $2, $3, $4)`, [
        orgs[m.member], orgs[m.network], m.since ? '2020-01-01' : null, m.ended ? '2021-01-01' : null,
      ]);
    }
    return { people, orgs };
  }

  async function dump(): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const [table, columns] of Object.entries(DUMPED)) {
      const rows: { row: unknown }[] = await sql(`SELECT to_jsonb(x) AS row FROM (SELECT ${columns} FROM ${table}) x`);
      out[table] = rows.map((r) => JSON.stringify(r.row)).sort();
    }
    return out;
  }

  /** Each id merged away, to the record it answers for now. */
  async function survivors(): Promise<Map<string, string>> {
    const rows: { merged_id: string; survivor_id: string }[] = await sql(`SELECT merged_id, survivor_id FROM record_merges WHERE unmerged_at IS NULL`);
    const direct = new Map(rows.map((r) => [r.merged_id, r.survivor_id]));
    const resolved = new Map<string, string>();
    for (const id of direct.keys()) {
      let at = id;
      while (direct.has(at)) at = direct.get(at)!;
      resolved.set(id, at);
    }
    return resolved;
  }

  async function links(): Promise<Record<string, Set<string>>> {
    const out: Record<string, Set<string>> = {};
    for (const link of LINKS) {
      const rows: Record<string, unknown>[] = await sql(link.sql);
      const tuples = rows.map((row) => JSON.stringify(Object.values(row)));
      // Exactly once: no link table holds a link twice.
      expect({ table: link.table, doubles: tuples.length - new Set(tuples).size }).toEqual({ table: link.table, doubles: 0 });
      out[link.table] = new Set(tuples);
    }
    return out;
  }

  /** The links as built, each end mapped to its survivor, doubles collapsed and self-links (a network merged with its member) dropped. */
  function expectedLinks(original: Record<string, Set<string>>, alias: Map<string, string>): Record<string, Set<string>> {
    const out: Record<string, Set<string>> = {};
    for (const link of LINKS) {
      const mapped = [...original[link.table]].map((tuple) => (JSON.parse(tuple) as (string | null)[]).map((v, i) => (link.ends[i] !== '-' && v ? (alias.get(v) ?? v) : v)));
      const kept = link.table === 'organisation_memberships' ? mapped.filter(([a, b]) => a !== b) : mapped;
      out[link.table] = new Set(kept.map((tuple) => JSON.stringify(tuple)));
    }
    return out;
  }

  async function reportAgreesWithScratch(): Promise<number> {
    const res = await t.asAdmin(`{ pipelineReport(groupBy: COUNTRY) { totalLeads groups { key leads } } }`);
    const report = res.data.pipelineReport;
    const scratch: { key: string | null; leads: number }[] = await sql(
      `WITH l AS (SELECT id FROM leads WHERE archived_at IS NULL),
       c AS (SELECT DISTINCT l.id, o.country FROM l JOIN lead_organisations lo ON lo.lead_id = l.id JOIN organisations o ON o.id = lo.organisation_id WHERE o.country IS NOT NULL)
       SELECT country AS key, count(*)::int AS leads FROM c GROUP BY country
       UNION ALL SELECT NULL, count(*)::int FROM l WHERE NOT EXISTS (SELECT 1 FROM c WHERE c.id = l.id)`,
    );
    const sorted = (groups: { key: string | null; leads: number }[]) =>
      groups.filter((g) => g.leads > 0).sort((a, b) => String(a.key).localeCompare(String(b.key)));
    expect(sorted(report.groups)).toEqual(sorted(scratch));
    return report.totalLeads;
  }

  beforeAll(async () => {
    t = await createTestApp();
    merges = t.app.get(MergesService);
    const adminRow = await one(`SELECT id FROM users WHERE role = 'ADMIN' LIMIT 1`);
    admin = { id: adminRow.id, role: Role.ADMIN };
    owner = adminRow.id;
  });
  afterAll(() => t.close());

  it('keeps every link exactly once through merges, and an unmerge restores every table', async () => {
    await fc.assert(
      fc.asyncProperty(graph, fc.array(op, { minLength: 1, maxLength: 8 }), async (g, ops) => {
        const ids = await build(g);
        const original = await links();
        const stack: { mergeId: string; before: Record<string, string[]> }[] = [];
        const totalLeads = await reportAgreesWithScratch();
        for (const o of ops) {
          const live = async (table: string, candidates: string[]) =>
            (await sql(`SELECT id FROM ${table} WHERE id = ANY($1::uuid[]) ORDER BY id`, [candidates])).map((r: { id: string }) => r.id) as string[];
          if (o.op === 'unmerge') {
            const last = stack.pop();
            if (!last) continue;
            await asViewer({ kind: 'SYSTEM' }, () => merges.unmerge(admin, last.mergeId));
            expect(await dump()).toEqual(last.before);
          } else {
            const people = o.op === 'mergePeople';
            const candidates = await live(people ? 'people' : 'organisations', people ? ids.people : ids.orgs);
            if (candidates.length < 2) continue;
            const survivorId = candidates[o.survivor % candidates.length];
            const mergedId = candidates[(o.survivor + 1 + (o.merged % (candidates.length - 1))) % candidates.length];
            const table = people ? 'people' : 'organisations';
            const versions = {
              survivor: (await one(`SELECT version FROM ${table} WHERE id = $1`, [survivorId])).version,
              merged: (await one(`SELECT version FROM ${table} WHERE id = $1`, [mergedId])).version,
            };
            const before = await dump();
            const args = { survivorId, mergedId, expectedVersions: versions, fieldChoices: o.choices as never };
            try {
              const result = await asViewer({ kind: 'SYSTEM' }, () =>
                people ? merges.mergePeople(admin, args) : merges.mergeOrganisations(admin, args),
              );
              stack.push({ mergeId: result.merge.id, before });
            } catch (error) {
              // The one refusal a valid pair can meet: a merge that would make an organisation its own ancestor.
              expect(error).toBeInstanceOf(LiaisonException);
              expect((error as LiaisonException).message).toMatch(/own ancestor/);
              expect(await dump()).toEqual(before);
            }
          }
          expect(await links()).toEqual(expectedLinks(original, await survivors()));
          const cycles = await sql(
            `WITH RECURSIVE up(start, id, depth) AS (SELECT id, parent_id, 1 FROM organisations WHERE id = ANY($1::uuid[])
               UNION ALL SELECT up.start, o.parent_id, up.depth + 1 FROM up JOIN organisations o ON o.id = up.id WHERE up.depth < 20)
             SELECT DISTINCT start FROM up WHERE id = start`,
            [ids.orgs],
          );
          expect(cycles).toEqual([]);
          expect(await reportAgreesWithScratch()).toBe(totalLeads);
        }
        // Undo the rest, newest first: the graph is as built.
        while (stack.length) {
          const last = stack.pop()!;
          await asViewer({ kind: 'SYSTEM' }, () => merges.unmerge(admin, last.mergeId));
          expect(await dump()).toEqual(last.before);
        }
        expect(await links()).toEqual(original);
      }),
      { numRuns: Number(process.env.MERGE_PROPERTY_RUNS ?? 20), seed: 1414 },
    );
  }, 600_000);
});
