import { createHash } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { createTestApp, TestApp } from '../utils/test-app';

const PAYLOAD = `token expiresAt refreshToken refreshExpiresAt user { id email role }`;
const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { ${PAYLOAD} } }`;
const REFRESH = `mutation ($refreshToken: String!) { refreshSession(refreshToken: $refreshToken) { ${PAYLOAD} } }`;
const ME = `{ me { id email role } }`;
const CHANGE_PASSWORD = `mutation ($old: String!, $new: String!) { changePassword(oldPassword: $old, newPassword: $new) }`;
const PASSWORD = 'a-long-enough-password';

interface Session {
  token: string;
  expiresAt: string;
  refreshToken: string;
  refreshExpiresAt: string;
  user: { id: string; email: string; role: string };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('Sessions: refresh, logout, disabled users, passwords (GraphQL)', () => {
  let t: TestApp;
  let users = 0;

  const login = async (email: string, password = PASSWORD): Promise<Session> => {
    const res = await t.gql(LOGIN, { email, password });
    if (!res.data?.login) throw new Error(`login failed: ${JSON.stringify(res.errors)}`);
    return res.data.login;
  };
  const refresh = (refreshToken: string) => t.gql<{ refreshSession: Session }>(REFRESH, { refreshToken });
  const codeOf = (res: { errors?: { extensions: { code: string } }[] }) => res.errors?.[0]?.extensions.code;
  const meWith = (token: string) => t.gql(ME, undefined, token);
  /** A fresh user of the role; returns their email. */
  const newUser = async (role: 'ADMIN' | 'STAFF' | 'VIEWER' = 'STAFF'): Promise<{ email: string; id: string }> => {
    const email = `session-user-${++users}@wfs.test`;
    const res = await t.asAdmin(`mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`, {
      input: { email, displayName: `Session User ${users}`, password: PASSWORD, role },
    });
    return { email, id: res.data.createUser.id };
  };
  const sessionRow = async (token: string) => {
    const sid = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sid;
    const [row] = await t.dataSource.query(`SELECT * FROM sessions WHERE id = $1`, [sid]);
    return row;
  };

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('gives a 15-minute access token and a 30-day session by default, and stores only the hash of the refresh token', async () => {
    const { email } = await newUser();
    const before = Date.now();
    const session = await login(email);
    const accessLifetime = new Date(session.expiresAt).getTime() - before;
    expect(accessLifetime).toBeGreaterThan(14 * 60 * 1000);
    expect(accessLifetime).toBeLessThanOrEqual(15 * 60 * 1000 + 5000);
    const sessionLifetime = new Date(session.refreshExpiresAt).getTime() - before;
    expect(sessionLifetime).toBeGreaterThan(29.9 * 24 * 60 * 60 * 1000);
    expect(sessionLifetime).toBeLessThanOrEqual(30 * 24 * 60 * 60 * 1000 + 5000);

    const row = await sessionRow(session.token);
    expect(row).toMatchObject({ user_id: session.user.id, refresh_token_hash: sha256(session.refreshToken), revoked_at: null });
    expect(JSON.stringify(row)).not.toContain(session.refreshToken.slice(37));
    expect(new Date(row.expires_at).getTime()).toBe(new Date(session.refreshExpiresAt).getTime());
  });

  it('rotates the refresh token: the new pair works, the old refresh token does not', async () => {
    const { email } = await newUser();
    const first = await login(email);
    const second = (await refresh(first.refreshToken)).data!.refreshSession;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.user.email).toBe(email);
    expect((await meWith(second.token)).data.me.email).toBe(email);
    const third = (await refresh(second.refreshToken)).data!.refreshSession;
    expect((await meWith(third.token)).data.me.email).toBe(email);
    // The session keeps its end: refreshing does not extend it.
    expect(third.refreshExpiresAt).toBe(first.refreshExpiresAt);
    expect((await sessionRow(third.token)).refresh_token_hash).toBe(sha256(third.refreshToken));
  });

  it('revokes the whole session when a rotated refresh token is used again', async () => {
    const { email } = await newUser();
    const first = await login(email);
    const other = await login(email);
    const second = (await refresh(first.refreshToken)).data!.refreshSession;

    const replay = await refresh(first.refreshToken);
    expect(codeOf(replay)).toBe('UNAUTHENTICATED');
    expect(replay.data).toBeNull();

    // Whoever holds the newest pair is locked out too: the thief may be the one who refreshed first.
    expect(codeOf(await refresh(second.refreshToken))).toBe('UNAUTHENTICATED');
    expect(codeOf(await meWith(second.token))).toBe('UNAUTHENTICATED');
    expect(codeOf(await meWith(first.token))).toBe('UNAUTHENTICATED');
    expect(await sessionRow(second.token)).toMatchObject({ revoked_reason: 'REFRESH_REUSE' });
    // Other sessions of the same user are untouched.
    expect((await meWith(other.token)).data.me.email).toBe(email);
  });

  it('lets one of two concurrent refreshes with the same token win; the other counts as reuse', async () => {
    const { email } = await newUser();
    const session = await login(email);
    const results = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)]);
    expect(results.filter((r) => r.data?.refreshSession).length).toBe(1);
    expect(results.filter((r) => codeOf(r) === 'UNAUTHENTICATED').length).toBe(1);
    expect(await sessionRow(session.token)).toMatchObject({ revoked_reason: 'REFRESH_REUSE' });
  });

  it('answers UNAUTHENTICATED to malformed, unknown and expired refresh tokens', async () => {
    const { email } = await newUser();
    const session = await login(email);
    const forged = session.refreshToken.slice(0, 37) + 'f'.repeat(64);
    const unknownSession = `lsr_${'0'.repeat(32)}_${'a'.repeat(64)}`;
    for (const token of ['garbage', session.token, unknownSession]) {
      expect(codeOf(await refresh(token))).toBe('UNAUTHENTICATED');
    }
    // A forged secret for a known session is treated as reuse, like a stolen old token.
    expect(codeOf(await refresh(forged))).toBe('UNAUTHENTICATED');
    expect(codeOf(await refresh(session.refreshToken))).toBe('UNAUTHENTICATED');

    const expiring = await login(email);
    const row = await sessionRow(expiring.token);
    await t.dataSource.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [row.id]);
    expect(codeOf(await refresh(expiring.refreshToken))).toBe('UNAUTHENTICATED');
    expect(codeOf(await meWith(expiring.token))).toBe('UNAUTHENTICATED');
  });

  it('rejects access tokens without a session (issued before sessions existed)', async () => {
    const { email, id } = await newUser();
    await login(email);
    const legacy = await t.app.get(JwtService).signAsync({ sub: id }, { expiresIn: 600 });
    expect(codeOf(await meWith(legacy))).toBe('UNAUTHENTICATED');
  });

  it('logout ends the session at once: its access token and refresh token stop working, other sessions go on', async () => {
    const { email } = await newUser();
    const session = await login(email);
    const other = await login(email);
    const res = await t.gql(`mutation { logout }`, undefined, session.token);
    expect(res.data).toEqual({ logout: true });
    expect(codeOf(await meWith(session.token))).toBe('UNAUTHENTICATED');
    expect(codeOf(await refresh(session.refreshToken))).toBe('UNAUTHENTICATED');
    expect(await sessionRow(session.token)).toMatchObject({ revoked_reason: 'LOGOUT' });
    expect((await meWith(other.token)).data.me.email).toBe(email);
  });

  it('logoutEverywhere ends every session of the caller', async () => {
    const { email } = await newUser();
    const sessions = [await login(email), await login(email), await login(email)];
    const colleague = await login((await newUser()).email);
    expect((await t.gql(`mutation { logoutEverywhere }`, undefined, sessions[0].token)).data).toEqual({ logoutEverywhere: true });
    for (const session of sessions) {
      expect(codeOf(await meWith(session.token))).toBe('UNAUTHENTICATED');
      expect(codeOf(await refresh(session.refreshToken))).toBe('UNAUTHENTICATED');
    }
    expect((await meWith(colleague.token)).data.me).toBeDefined();
  });

  it('lets a VIEWER log out and change their password, though every other mutation is FORBIDDEN', async () => {
    const { email } = await newUser('VIEWER');
    const session = await login(email);
    expect(codeOf(await t.gql(`mutation { createOrganisation(input: { name: "X", kind: COMPANY }) { id } }`, undefined, session.token))).toBe('FORBIDDEN');
    const changed = await t.gql(CHANGE_PASSWORD, { old: PASSWORD, new: 'a-new-viewer-password' }, session.token);
    expect(changed.data).toEqual({ changePassword: true });
    expect((await t.gql(`mutation { logout }`, undefined, session.token)).data).toEqual({ logout: true });
    expect(codeOf(await meWith(session.token))).toBe('UNAUTHENTICATED');
  });

  describe('disabling users', () => {
    const DISABLE = `mutation ($id: ID!) { disableUser(userId: $id) { id disabledAt version } }`;
    const ENABLE = `mutation ($id: ID!) { enableUser(userId: $id) { id disabledAt version } }`;

    it("stops a disabled user's tokens at once, refuses their login and refresh; enabling lets them log in again", async () => {
      const { email, id } = await newUser();
      const session = await login(email);
      expect((await meWith(session.token)).data.me.email).toBe(email);

      const disabled = await t.asAdmin(DISABLE, { id });
      expect(disabled.data.disableUser).toMatchObject({ id, disabledAt: expect.any(String), version: 2 });
      expect(codeOf(await meWith(session.token))).toBe('UNAUTHENTICATED');
      expect(codeOf(await refresh(session.refreshToken))).toBe('UNAUTHENTICATED');
      const refused = await t.gql(LOGIN, { email, password: PASSWORD });
      expect(codeOf(refused)).toBe('UNAUTHENTICATED');
      expect(refused.errors?.[0].message).toBe('This account is disabled');
      // A wrong password still gets the answer an unknown account gets.
      expect((await t.gql(LOGIN, { email, password: 'wrong-password-123' })).errors?.[0].message).toBe('Invalid email or password');
      // Disabling twice changes nothing.
      expect((await t.asAdmin(DISABLE, { id })).data.disableUser).toEqual(disabled.data.disableUser);
      const listed = (await t.asAdmin(`{ users { id disabledAt } }`)).data.users.find((u: any) => u.id === id);
      expect(listed.disabledAt).toBe(disabled.data.disableUser.disabledAt);

      const enabled = await t.asAdmin(ENABLE, { id });
      expect(enabled.data.enableUser).toMatchObject({ disabledAt: null, version: 3 });
      // Sessions ended by disabling stay ended.
      expect(codeOf(await meWith(session.token))).toBe('UNAUTHENTICATED');
      expect((await meWith((await login(email)).token)).data.me.email).toBe(email);
    });

    it('never disables or demotes the last active admin', async () => {
      const admin = (await t.asAdmin(ME)).data.me;
      const alone = await t.asAdmin(DISABLE, { id: admin.id });
      expect(alone.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'userId' });

      const second = await newUser('ADMIN');
      expect((await t.asAdmin(DISABLE, { id: second.id })).data.disableUser.disabledAt).not.toBeNull();
      // A disabled admin does not count: the first admin is still the last active one.
      expect(codeOf(await t.asAdmin(DISABLE, { id: admin.id }))).toBe('CONFLICT');
      const demote = await t.asAdmin(`mutation ($id: ID!) { changeUserRole(userId: $id, role: STAFF) { role } }`, { id: admin.id });
      expect(demote.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'role' });
      expect((await t.asAdmin(ME)).data.me.role).toBe('ADMIN');
    });

    it('keeps disabling and enabling to admins, and answers NOT_FOUND for an unknown user', async () => {
      const { id } = await newUser();
      const staff = await login((await newUser()).email);
      expect(codeOf(await t.gql(DISABLE, { id }, staff.token))).toBe('FORBIDDEN');
      expect(codeOf(await t.gql(ENABLE, { id }, staff.token))).toBe('FORBIDDEN');
      const unknown = await t.asAdmin(DISABLE, { id: '00000000-0000-4000-8000-000000000000' });
      expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'userId' });
      expect((await t.asAdmin(DISABLE, { id: 'nope' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'userId' });
    });
  });

  describe('passwords', () => {
    const hashOf = async (id: string) =>
      (await t.dataSource.query(`SELECT password_hash FROM users WHERE id = $1`, [id]))[0].password_hash;

    it('requires the old password and a new one of 12 characters, changing nothing otherwise', async () => {
      const { email, id } = await newUser();
      const session = await login(email);
      const hash = await hashOf(id);
      const wrong = await t.gql(CHANGE_PASSWORD, { old: 'not-my-password', new: 'brand-new-password' }, session.token);
      expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'oldPassword' });
      const short = await t.gql(CHANGE_PASSWORD, { old: PASSWORD, new: 'short' }, session.token);
      expect(short.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
      const same = await t.gql(CHANGE_PASSWORD, { old: PASSWORD, new: PASSWORD }, session.token);
      expect(same.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
      expect(await hashOf(id)).toBe(hash);
      expect((await meWith(session.token)).data.me.email).toBe(email);
      const body = JSON.stringify([wrong.body, short.body, same.body]);
      expect(body).not.toContain(PASSWORD);
      expect(body).not.toContain('$argon2');
    });

    it("changes the password and ends the user's other sessions, keeping the current one", async () => {
      const { email, id } = await newUser();
      const current = await login(email);
      const other = await login(email);
      const res = await t.gql(CHANGE_PASSWORD, { old: PASSWORD, new: 'brand-new-password' }, current.token);
      expect(res.data).toEqual({ changePassword: true });
      expect(await hashOf(id)).toMatch(/^\$argon2id\$/);

      expect((await meWith(current.token)).data.me.email).toBe(email);
      expect((await refresh(current.refreshToken)).data?.refreshSession.user.email).toBe(email);
      expect(codeOf(await meWith(other.token))).toBe('UNAUTHENTICATED');
      expect(codeOf(await refresh(other.refreshToken))).toBe('UNAUTHENTICATED');
      expect(await sessionRow(other.token)).toMatchObject({ revoked_reason: 'PASSWORD_CHANGE' });

      expect(codeOf(await t.gql(LOGIN, { email, password: PASSWORD }))).toBe('UNAUTHENTICATED');
      expect((await login(email, 'brand-new-password')).user.email).toBe(email);
    });

    it("lets an admin reset a user's password, which ends all of that user's sessions", async () => {
      const { email, id } = await newUser();
      const session = await login(email);
      const staff = await login((await newUser()).email);
      const RESET = `mutation ($id: ID!, $pw: String!) { resetUserPassword(userId: $id, newPassword: $pw) { id version } }`;
      expect(codeOf(await t.gql(RESET, { id, pw: 'reset-by-a-colleague' }, staff.token))).toBe('FORBIDDEN');
      expect((await t.asAdmin(RESET, { id, pw: 'short' })).errors?.[0].extensions).toMatchObject({ field: 'newPassword' });
      const reset = await t.asAdmin(RESET, { id, pw: 'reset-by-the-admin' });
      expect(reset.data.resetUserPassword).toMatchObject({ id, version: 2 });
      expect(codeOf(await meWith(session.token))).toBe('UNAUTHENTICATED');
      expect((await login(email, 'reset-by-the-admin')).user.id).toBe(id);
    });
  });

  // Last in this file: it uses up the login attempts of 127.0.0.1 for a minute.
  it('throttles guesses of the old password like logins', async () => {
    const { email } = await newUser();
    const session = await login(email);
    // Earlier failures from this address in this file count too: at most 10 guesses get an answer.
    let answered = 0;
    for (;;) {
      const wrong = await t.gql(CHANGE_PASSWORD, { old: `guess-${answered}`, new: 'brand-new-password' }, session.token);
      if (wrong.errors?.[0].extensions.code === 'UNAUTHENTICATED') break;
      expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'oldPassword' });
      answered += 1;
      expect(answered).toBeLessThanOrEqual(10);
    }
    expect(answered).toBeGreaterThanOrEqual(1);
    const blocked = await t.gql(CHANGE_PASSWORD, { old: PASSWORD, new: 'brand-new-password' }, session.token);
    expect(blocked.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', retryAfterSeconds: expect.any(Number) });
  });
});
