import { GraphQLSchemaHost } from '@nestjs/graphql';
import { everyMutation } from '../utils/schema-walk';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, TestApp } from '../utils/test-app';

const ME = `{ me { id email role displayName } }`;
/** Public, or about the caller's own login: open to VIEWERs (see test/e2e/sessions.e2e.spec.ts). */
const OWN_SESSION_MUTATIONS = ['login', 'refreshSession', 'logout', 'logoutEverywhere', 'changePassword'];
const CREATE_USER = `mutation ($input: CreateUserInput!) { createUser(input: $input) { id email role } }`;

describe('Authentication and roles (GraphQL)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates the configured admin on first start, who can log in', async () => {
    const res = await t.asAdmin(ME);
    expect(res.data.me).toMatchObject({ email: ADMIN_EMAIL, role: 'ADMIN' });
  });

  it('returns a token, its expiry, a refresh token and the user on login, never a password or hash', async () => {
    const res = await t.gql(
      `mutation { login(email: "${ADMIN_EMAIL}", password: "${ADMIN_PASSWORD}") { token expiresAt refreshToken refreshExpiresAt user { email role } } }`,
    );
    expect(res.data.login.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(new Date(res.data.login.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(res.data.login.refreshToken).toMatch(/^lsr_[0-9a-f]{32}_[0-9a-f]{64}$/);
    expect(new Date(res.data.login.refreshExpiresAt).getTime()).toBeGreaterThan(new Date(res.data.login.expiresAt).getTime());
    const raw = JSON.stringify(res.body);
    expect(raw).not.toContain(ADMIN_PASSWORD);
    expect(raw).not.toContain('$argon2');
  });

  it('stores passwords as argon2id hashes', async () => {
    const [{ password_hash }] = await t.dataSource.query(`SELECT password_hash FROM users WHERE email = $1`, [ADMIN_EMAIL]);
    expect(password_hash).toMatch(/^\$argon2id\$/);
  });

  it('answers UNAUTHENTICATED for a wrong password and an unknown email alike', async () => {
    for (const [email, password] of [
      [ADMIN_EMAIL, 'wrong-password-123'],
      ['nobody@wfs.test', 'wrong-password-123'],
    ]) {
      const res = await t.gql(`mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, {
        e: email,
        p: password,
      });
      expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(res.errors?.[0].message).toBe('Invalid email or password');
    }
  });

  it('answers UNAUTHENTICATED without a token, with a forged or garbage token', async () => {
    const forged =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDAifQ.c2lnbmF0dXJl';
    for (const token of [null, 'garbage', forged]) {
      const res = await t.gql(ME, undefined, token);
      expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(res.data).toBeNull();
    }
    const list = await t.gql(`{ organisations { totalCount } }`);
    expect(list.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('lets an admin create users; duplicates (any case) answer CONFLICT on email', async () => {
    const input = { email: 'dirk.vogel@amz.test', displayName: 'Dirk Vogel', password: 'netzwerk-password', role: 'STAFF' };
    const created = await t.asAdmin(CREATE_USER, { input });
    expect(created.data.createUser).toMatchObject({ email: input.email, role: 'STAFF' });
    const again = await t.asAdmin(CREATE_USER, { input: { ...input, email: 'Dirk.Vogel@AMZ.test' } });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'email' });
    const token = await t.login('DIRK.VOGEL@amz.test', 'netzwerk-password');
    expect((await t.gql(ME, undefined, token)).data.me.displayName).toBe('Dirk Vogel');
  });

  it('validates new users: short password, bad email, unknown role', async () => {
    const base = { email: 'x@wfs.test', displayName: 'X', password: 'long-enough-password', role: 'STAFF' };
    const short = await t.asAdmin(CREATE_USER, { input: { ...base, password: 'short' } });
    expect(short.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.password' });
    const email = await t.asAdmin(CREATE_USER, { input: { ...base, email: 'not-an-email' } });
    expect(email.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.email' });
    const role = await t.asAdmin(CREATE_USER, { input: { ...base, role: 'OWNER' } });
    expect(role.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(role.errors?.[0].message).toContain('input.role');
  });

  it('keeps user management to admins', async () => {
    const staff = await t.userToken('STAFF');
    const res = await t.gql(
      CREATE_USER,
      { input: { email: 'y@wfs.test', displayName: 'Y', password: 'long-enough-password', role: 'ADMIN' } },
      staff,
    );
    expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await t.gql(`{ users { id } }`, undefined, staff)).errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('lets an admin change roles, but never demote the last admin', async () => {
    const token = await t.userToken('STAFF', 'promoted@wfs.test');
    const me = (await t.gql(ME, undefined, token)).data.me;
    const promote = await t.asAdmin(`mutation { changeUserRole(userId: "${me.id}", role: VIEWER) { role version } }`);
    expect(promote.data.changeUserRole).toEqual({ role: 'VIEWER', version: 2 });
    const admin = (await t.asAdmin(ME)).data.me;
    const demote = await t.asAdmin(`mutation { changeUserRole(userId: "${admin.id}", role: STAFF) { role } }`);
    expect(demote.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'role' });
    const unknown = await t.asAdmin(
      `mutation { changeUserRole(userId: "00000000-0000-4000-8000-000000000000", role: STAFF) { role } }`,
    );
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'userId' });
  });

  it('answers FORBIDDEN to a VIEWER on every mutation in the schema but those on their own session, and writes nothing', async () => {
    const viewer = await t.userToken('VIEWER');
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const mutations = everyMutation(schema).filter((m) => !OWN_SESSION_MUTATIONS.includes(m.name));
    expect(mutations.length).toBeGreaterThanOrEqual(6);
    const before = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM organisations) AS organisations`,
    );
    for (const { name, document } of mutations) {
      const res = await t.gql(document, undefined, viewer);
      expect({ name, code: res.errors?.[0]?.extensions.code }).toEqual({ name, code: 'FORBIDDEN' });
    }
    const after = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM organisations) AS organisations`,
    );
    expect(after).toEqual(before);
  });

  it('lets a VIEWER read', async () => {
    const viewer = await t.userToken('VIEWER');
    const res = await t.gql(`{ me { role } organisations { totalCount } }`, undefined, viewer);
    expect(res.errors).toBeUndefined();
    expect(res.data.me.role).toBe('VIEWER');
  });
});
