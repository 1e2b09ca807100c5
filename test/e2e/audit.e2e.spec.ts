import { parse } from 'csv-parse/sync';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, TestApp } from '../utils/test-app';

/** Tables that carry no audit trigger, on purpose: technical or append-only logs of their own. */
// digests are derived from tasks and leads (rebuilt at will), job_runs is the scheduler's bookkeeping.
// Technical or derived tables: lead_stage_stays, lead_countries, pipeline_lead_facts and the pipeline ledgers
// (pipeline_tallies, pipeline_key_tallies, stay_tallies and their slice ledgers) are kept by triggers from audited tables.
// duplicate_pairs is derived from people, affiliations and organisations, also by triggers.
const NOT_AUDITED = [
  'duplicate_pairs',
  'migrations',
  'audit_log',
  'mutation_receipts',
  'login_throttle',
  'typeorm_metadata',
  'digests',
  'job_runs',
  'lead_stage_stays',
  'lead_countries',
  'pipeline_lead_facts',
  'pipeline_tallies',
  'pipeline_key_tallies',
  'stay_tallies',
  'pipeline_slice_tallies',
  'pipeline_slice_key_tallies',
  'stay_slice_tallies',
  // the search's typo list (issue 14): words, derived from the audited records themselves
  'search_words',
];

const TRAIL = `query ($type: AuditRecordType!, $id: ID!) { auditTrail(recordType: $type, recordId: $id) {
  totalCount edges { node { action table recordId actor actorUserId requestId changes { field before after } } } } }`;

describe('Audit trail', () => {
  let t: TestApp;
  let staff: string;
  let staffId: string;

  beforeAll(async () => {
    t = await createTestApp();
    staff = await t.userToken('STAFF', 'auditor@wfs.test');
    staffId = (await t.gql(`{ me { id } }`, {}, staff)).data.me.id;
  });
  afterAll(() => t.close());

  it('has the audit trigger on every table that holds records', async () => {
    const rows: { table_name: string; audited: boolean }[] = await t.dataSource.query(
      `SELECT c.relname AS table_name, EXISTS (SELECT 1 FROM pg_trigger tr WHERE tr.tgrelid = c.oid AND tr.tgname = c.relname || '_audit') AS audited
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r'`,
    );
    const missing = rows.filter((r) => !r.audited && !NOT_AUDITED.includes(r.table_name)).map((r) => r.table_name);
    expect(missing).toEqual([]);
    expect(rows.length).toBeGreaterThan(15);
  });

  it('records who created, changed, archived and restored a record, with only the changed fields', async () => {
    const created = await t.gql(
      `mutation { createOrganisation(input: { name: "Brembo", kind: COMPANY, country: "IT", city: "Curno" }) { id } }`,
      {},
      staff,
    );
    const id = created.data.createOrganisation.id;
    await t.gql(`mutation ($id: ID!) { updateOrganisation(id: $id, expectedVersion: 1, input: { city: "Stezzano" }) { id } }`, { id }, staff);
    await t.gql(`mutation ($id: ID!) { archiveOrganisation(id: $id) { id } }`, { id }, staff);
    await t.gql(`mutation ($id: ID!) { restoreOrganisation(id: $id) { id } }`, { id }, staff);
    const trail = await t.asAdmin(TRAIL, { type: 'ORGANISATION', id });
    expect(trail.errors).toBeUndefined();
    const entries = trail.data.auditTrail.edges.map((e: any) => e.node);
    expect(entries.map((e: any) => e.action)).toEqual(['RESTORE', 'ARCHIVE', 'UPDATE', 'INSERT']);
    for (const entry of entries) expect(entry).toMatchObject({ table: 'organisations', recordId: id, actor: 'auditor@wfs.test', actorUserId: staffId });
    expect(entries[0].requestId).toEqual(expect.any(String));
    expect(entries[2].changes).toEqual([{ field: 'city', before: '"Curno"', after: '"Stezzano"' }]);
    expect(entries[3].changes).toEqual(expect.arrayContaining([{ field: 'name', before: null, after: '"Brembo"' }]));
  });

  it('records link-table changes under their parent record', async () => {
    const org = (await t.gql(`mutation { createOrganisation(input: { name: "AMZ", kind: NETWORK }) { id } }`, {}, staff)).data.createOrganisation.id;
    const lead = await t.gql(
      `mutation ($org: ID!) { createLead(input: { title: "Zulieferung", kind: SUPPLY, organisations: [{ organisationId: $org, side: SAXON }] }) { id } }`,
      { org },
      staff,
    );
    const id = lead.data.createLead.id;
    const trail = await t.asAdmin(TRAIL, { type: 'LEAD', id });
    const tables = trail.data.auditTrail.edges.map((e: any) => e.node.table).sort();
    expect(tables).toEqual(['lead_organisations', 'lead_stage_changes', 'leads']);
  });

  it('writes nothing when the mutation is rejected', async () => {
    const [{ n: before }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log`);
    const res = await t.gql(
      `mutation { createOrganisation(input: { name: "Orphan", kind: COMPANY, parentId: "00000000-0000-4000-8000-000000000000" }) { id } }`,
      {},
      staff,
    );
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const [{ n: after }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log`);
    expect(after).toBe(before);
  });

  it('never records a password or its hash', async () => {
    const password = 'a-password-that-must-not-leak';
    const created = await t.asAdmin(
      `mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      { input: { email: 'secret@wfs.test', displayName: 'Secret', password, role: 'STAFF' } },
    );
    const [row] = await t.dataSource.query(`SELECT changes::text AS changes FROM audit_log WHERE record_type = 'users' AND record_id = $1`, [
      created.data.createUser.id,
    ]);
    expect(row.changes).toContain('[secret]');
    expect(row.changes).not.toContain(password);
    expect(row.changes).not.toContain('$argon2');
  });

  it("records logins, logouts and API keys under the user, never their secrets", async () => {
    const token = await t.userToken('STAFF', 'sessions@wfs.test');
    const me = (await t.gql(`{ me { id } }`, {}, token)).data.me.id;
    await t.gql(`mutation { logout }`, {}, token);
    const trail = await t.asAdmin(TRAIL, { type: 'USER', id: me });
    const sessions = trail.data.auditTrail.edges.map((e: any) => e.node).filter((e: any) => e.table === 'sessions');
    expect(sessions.map((e: any) => e.action)).toEqual(['UPDATE', 'INSERT']);
    expect(sessions[0].changes.map((c: any) => c.field)).toContain('revoked_at');
    const key = await t.asAdmin(`mutation { createApiKey(input: { name: "CRM-Sync", role: READ_ONLY }) { secret apiKey { id } } }`);
    const keyTrail = await t.asAdmin(TRAIL, { type: 'API_KEY', id: key.data.createApiKey.apiKey.id });
    expect(keyTrail.data.auditTrail.edges.map((e: any) => e.node.action)).toEqual(['INSERT']);
    const [{ all }] = await t.dataSource.query(`SELECT string_agg(changes::text, ' ') AS all FROM audit_log`);
    expect(all).not.toContain(key.data.createApiKey.secret);
    expect(all).not.toContain(key.data.createApiKey.secret.split('_')[2]);
  });

  it('shows a trail to admins and the record owner only', async () => {
    const lead = await t.gql(`mutation { createLead(input: { title: "Eigener Lead", kind: EXPORT }) { id } }`, {}, staff);
    const id = lead.data.createLead.id;
    expect((await t.gql(TRAIL, { type: 'LEAD', id }, staff)).data.auditTrail.totalCount).toBe(2);
    const other = await t.userToken('STAFF');
    expect((await t.gql(TRAIL, { type: 'LEAD', id }, other)).errors?.[0].extensions.code).toBe('FORBIDDEN');
    const viewer = await t.userToken('VIEWER');
    expect((await t.gql(TRAIL, { type: 'LEAD', id }, viewer)).errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('exports a period as CSV for admins, which parses back to the same rows', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const res = await fetch(`${t.url}/audit/export.csv?from=2000-01-01&to=${today}`, { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    const records: Record<string, string>[] = parse(text, { columns: true, bom: true });
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log`);
    expect(records).toHaveLength(n);
    expect(records.some((r) => r.table === 'organisations' && r.actor === 'auditor@wfs.test')).toBe(true);
    expect(JSON.parse(records[0].changes)).toEqual(expect.any(Object));
    expect(text).not.toContain(ADMIN_PASSWORD);

    const forbidden = await fetch(`${t.url}/audit/export.csv?from=2000-01-01&to=${today}`, { headers: { authorization: `Bearer ${staff}` } });
    expect(forbidden.status).toBe(403);
    const bad = await fetch(`${t.url}/audit/export.csv?from=yesterday&to=${today}`, { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    const anonymous = await fetch(`${t.url}/audit/export.csv?from=2000-01-01&to=${today}`);
    expect(anonymous.status).toBe(401);
  });

  it('attributes the first admin, created at start-up, to nobody (the system)', async () => {
    const [row] = await t.dataSource.query(
      `SELECT actor, actor_user_id FROM audit_log a JOIN users u ON u.id::text = a.record_id WHERE u.email = $1 AND a.action = 'INSERT'`,
      [ADMIN_EMAIL],
    );
    expect(row).toEqual({ actor: null, actor_user_id: null });
  });
});
