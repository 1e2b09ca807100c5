import { createHash } from 'node:crypto';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { everyMutation } from '../utils/schema-walk';
import { ADMIN_EMAIL, createTestApp, GraphQLResponse, TestApp } from '../utils/test-app';

const CREATE = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) {
  secret apiKey { id name role prefix createdAt expiresAt lastUsedAt revokedAt createdBy { email } } } }`;
const REVOKE = `mutation ($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;
const LIST = `query ($all: Boolean) { apiKeys(includeRevoked: $all) { id name role prefix lastUsedAt revokedAt createdBy { email } } }`;
const ME = `{ me { id email role } }`;
const CREATE_ORGANISATION = `mutation ($name: String!) { createOrganisation(input: { name: $name, kind: COMPANY }) { id } }`;
/** Public mutations take no credential, so a key's role does not apply to them. */
const PUBLIC_MUTATIONS = ['login', 'refreshSession'];

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('API keys (GraphQL)', () => {
  let t: TestApp;
  let keys = 0;

  /** POSTs a document with the given headers (no bearer token unless given). */
  const post = async (query: string, headers: Record<string, string>, variables?: Record<string, unknown>): Promise<GraphQLResponse> => {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body: any = await response.json();
    return { status: response.status, data: body.data, errors: body.errors, body };
  };
  const withKey = (secret: string, query: string, variables?: Record<string, unknown>) => post(query, { 'x-api-key': secret }, variables);
  const codeOf = (res: GraphQLResponse) => res.errors?.[0]?.extensions.code;
  const createKey = async (role: 'READ_ONLY' | 'READ_WRITE', extra: Record<string, unknown> = {}, token = t.adminToken) => {
    const res = await t.gql(CREATE, { input: { name: `Integration ${++keys}`, role, ...extra } }, token);
    if (!res.data?.createApiKey) throw new Error(JSON.stringify(res.errors));
    return res.data.createApiKey as { secret: string; apiKey: Record<string, any> };
  };
  const rowOf = async (id: string) => (await t.dataSource.query(`SELECT * FROM api_keys WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('shows the secret once and stores only its prefix and SHA-256 hash', async () => {
    const { secret, apiKey } = await createKey('READ_WRITE', { name: '  Newsletter sync  ' });
    expect(secret).toMatch(/^lsn_[0-9a-f]{8}_[0-9a-f]{64}$/);
    expect(apiKey).toMatchObject({
      name: 'Newsletter sync',
      role: 'READ_WRITE',
      prefix: secret.slice(4, 12),
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
      createdBy: { email: ADMIN_EMAIL },
    });
    const row = await rowOf(apiKey.id);
    expect(row.secret_hash).toBe(sha256(secret));
    expect(JSON.stringify(row)).not.toContain(secret.slice(13));

    const listed = await t.asAdmin(LIST);
    expect(listed.data.apiKeys.find((k: any) => k.id === apiKey.id)).toMatchObject({ name: 'Newsletter sync', prefix: apiKey.prefix });
    expect(JSON.stringify(listed.body)).not.toContain(secret.slice(13));
    expect(JSON.stringify(listed.body)).not.toContain(row.secret_hash);
  });

  it('authenticates with x-api-key and with a bearer token, acting for its creator with the role of the key', async () => {
    const { secret } = await createKey('READ_WRITE');
    const viaHeader = await withKey(secret, ME);
    const viaBearer = await post(ME, { authorization: `Bearer ${secret}` });
    expect(viaHeader.data.me).toMatchObject({ email: ADMIN_EMAIL, role: 'STAFF' });
    expect(viaBearer.data.me).toEqual(viaHeader.data.me);
  });

  it('lets a READ_WRITE key change records, attributed to the admin who created it', async () => {
    const { secret } = await createKey('READ_WRITE');
    const created = await withKey(secret, CREATE_ORGANISATION, { name: 'Brembo S.p.A.' });
    expect(created.errors).toBeUndefined();
    const note = await withKey(
      secret,
      `mutation ($id: ID!) { addNote(input: { recordType: ORGANISATION, recordId: $id, body: "Synced" }) { author { email } } }`,
      { id: created.data.createOrganisation.id },
    );
    expect(note.data.addNote.author.email).toBe(ADMIN_EMAIL);
  });

  it('never gives a key admin rights, a session or a password', async () => {
    const { secret } = await createKey('READ_WRITE');
    const documents = [
      `{ users { id } }`,
      `{ apiKeys { id } }`,
      `mutation { createApiKey(input: { name: "escalate", role: READ_WRITE }) { secret } }`,
      `mutation { createUser(input: { email: "k@wfs.test", displayName: "K", password: "a-long-enough-password", role: ADMIN }) { id } }`,
      `mutation { logout }`,
      `mutation { changePassword(oldPassword: "x", newPassword: "a-long-enough-password") }`,
    ];
    for (const document of documents) {
      expect({ document, code: codeOf(await withKey(secret, document)) }).toEqual({ document, code: 'FORBIDDEN' });
    }
  });

  it('answers FORBIDDEN to a READ_ONLY key on every mutation in the schema, writes nothing, and lets it read', async () => {
    const { secret, apiKey } = await createKey('READ_ONLY');
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const mutations = everyMutation(schema).filter((m) => !PUBLIC_MUTATIONS.includes(m.name));
    expect(mutations.length).toBeGreaterThanOrEqual(20);
    const counts = `SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM organisations) AS organisations,
      (SELECT count(*) FROM api_keys) AS keys, (SELECT count(*) FROM notes) AS notes, (SELECT count(*) FROM sessions) AS sessions`;
    const before = await t.dataSource.query(counts);
    for (const { name, document } of mutations) {
      const res = await withKey(secret, document);
      expect({ name, code: codeOf(res) }).toEqual({ name, code: 'FORBIDDEN' });
    }
    expect(await t.dataSource.query(counts)).toEqual(before);
    expect((await rowOf(apiKey.id)).revoked_at).toBeNull();

    const read = await withKey(secret, `{ me { role } organisations { totalCount } }`);
    expect(read.errors).toBeUndefined();
    expect(read.data.me.role).toBe('VIEWER');
  });

  it('stops a revoked key at once; revoking again keeps the first time; unknown ids are NOT_FOUND', async () => {
    const { secret, apiKey } = await createKey('READ_WRITE');
    expect(codeOf(await withKey(secret, ME))).toBeUndefined();
    const revoked = await t.asAdmin(REVOKE, { id: apiKey.id });
    expect(revoked.data.revokeApiKey.revokedAt).toEqual(expect.any(String));
    const res = await withKey(secret, ME);
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    expect(res.data).toBeNull();
    expect((await t.asAdmin(REVOKE, { id: apiKey.id })).data.revokeApiKey.revokedAt).toBe(revoked.data.revokeApiKey.revokedAt);

    expect((await t.asAdmin(LIST)).data.apiKeys.map((k: any) => k.id)).not.toContain(apiKey.id);
    expect((await t.asAdmin(LIST, { all: true })).data.apiKeys.map((k: any) => k.id)).toContain(apiKey.id);
    const unknown = await t.asAdmin(REVOKE, { id: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });

  it('stops an expired key, and refuses an expiry in the past', async () => {
    const past = await t.asAdmin(CREATE, { input: { name: 'Too late', role: 'READ_ONLY', expiresAt: new Date(Date.now() - 1000).toISOString() } });
    expect(past.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.expiresAt' });

    const expiresAt = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    const { secret, apiKey } = await createKey('READ_ONLY', { expiresAt });
    expect(apiKey.expiresAt).toBe(expiresAt);
    expect(codeOf(await withKey(secret, ME))).toBeUndefined();
    await t.dataSource.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [apiKey.id]);
    expect(codeOf(await withKey(secret, ME))).toBe('UNAUTHENTICATED');
  });

  it('answers UNAUTHENTICATED to wrong and malformed secrets, and to two credentials at once', async () => {
    const { secret } = await createKey('READ_ONLY');
    const wrongSecret = `${secret.slice(0, 13)}${'0'.repeat(64)}`;
    for (const candidate of [wrongSecret, 'lsn_garbage', `${secret}0`, '']) {
      expect({ candidate, code: codeOf(await withKey(candidate, ME)) }).toEqual({ candidate, code: 'UNAUTHENTICATED' });
    }
    const both = await post(ME, { 'x-api-key': secret, authorization: `Bearer ${t.adminToken}` });
    expect(codeOf(both)).toBe('UNAUTHENTICATED');
  });

  it('records when a key was last used, writing at most once a minute, in one query per request otherwise', async () => {
    const { secret, apiKey } = await createKey('READ_ONLY');
    expect((await rowOf(apiKey.id)).last_used_at).toBeNull();
    await withKey(secret, ME);
    const first = (await rowOf(apiKey.id)).last_used_at;
    expect(first).not.toBeNull();

    const { statements } = await t.queries.count(() => withKey(secret, ME));
    expect(statements).toHaveLength(1);
    expect((await rowOf(apiKey.id)).last_used_at).toEqual(first);

    await t.dataSource.query(`UPDATE api_keys SET last_used_at = now() - interval '2 minutes' WHERE id = $1`, [apiKey.id]);
    const stale = (await rowOf(apiKey.id)).last_used_at;
    await withKey(secret, ME);
    const later = (await rowOf(apiKey.id)).last_used_at;
    expect(later.getTime() - stale.getTime()).toBeGreaterThanOrEqual(2 * 60 * 1000 - 1000);
    const listed = (await t.asAdmin(LIST)).data.apiKeys.find((k: any) => k.id === apiKey.id);
    expect(new Date(listed.lastUsedAt).getTime()).toBe(later.getTime());
  });

  it("pauses a key while its creator is disabled, and caps it at its creator's role", async () => {
    const email = 'key-admin@wfs.test';
    const adminToken = await t.userToken('ADMIN', email);
    const creatorId = (await t.gql(ME, undefined, adminToken)).data.me.id;
    const { secret } = await createKey('READ_WRITE', {}, adminToken);
    expect((await withKey(secret, ME)).data.me).toMatchObject({ email, role: 'STAFF' });

    await t.asAdmin(`mutation ($id: ID!) { disableUser(userId: $id) { id } }`, { id: creatorId });
    expect(codeOf(await withKey(secret, ME))).toBe('UNAUTHENTICATED');
    await t.asAdmin(`mutation ($id: ID!) { enableUser(userId: $id) { id } }`, { id: creatorId });
    expect((await withKey(secret, ME)).data.me.role).toBe('STAFF');

    await t.asAdmin(`mutation ($id: ID!) { changeUserRole(userId: $id, role: VIEWER) { id } }`, { id: creatorId });
    expect((await withKey(secret, ME)).data.me.role).toBe('VIEWER');
    expect(codeOf(await withKey(secret, CREATE_ORGANISATION, { name: 'Not allowed' }))).toBe('FORBIDDEN');
  });

  it('keeps key management to admins and validates the input', async () => {
    const staff = await t.userToken('STAFF');
    const res = await t.gql(CREATE, { input: { name: 'Mine', role: 'READ_WRITE' } }, staff);
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(LIST, undefined, staff))).toBe('FORBIDDEN');
    const empty = await t.asAdmin(CREATE, { input: { name: '   ', role: 'READ_ONLY' } });
    expect(empty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
    const role = await t.asAdmin(CREATE, { input: { name: 'Admin key', role: 'ADMIN' } });
    expect(codeOf(role)).toBe('BAD_USER_INPUT');
  });
});
