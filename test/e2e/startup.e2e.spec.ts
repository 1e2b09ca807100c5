import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase, usingPostgres } from '../utils/test-database';
import { postGraphQL, spawnApp, spawnAppExpectingFailure } from '../utils/spawn-app';

const ADMIN = { email: 'admin@wfs.test', password: 'startup-admin-password' };
const USER_PASSWORD = 'user-password-never-logged';
const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token refreshToken } }`;

function jsonLines(text: string): any[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

/** Starts the built app like `npm start` does: real process, real port, real logs. */
describe('Start-up of the built app', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'liaison-start-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stops with one line naming a bad variable', async () => {
    const { code, stderr } = await spawnAppExpectingFailure({ PORT: 'abc' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringContaining('PORT')]);
  });

  it('runs on embedded PGlite in the data folder, keeps data across a restart, and logs JSON without secrets', async () => {
    const env = {
      LIAISON_DATA_DIR: dataDir,
      LIAISON_ADMIN_EMAIL: ADMIN.email,
      LIAISON_ADMIN_PASSWORD: ADMIN.password,
      JWT_SECRET: 'startup-test-secret-startup-test-secret',
      LOG_FORMAT: 'json',
      NODE_ENV: 'production',
    };
    const first = await spawnApp(env);
    const login = await postGraphQL(first.url, LOGIN, ADMIN);
    const token = login.data.login.token;
    const created = await postGraphQL(
      first.url,
      `mutation { createOrganisation(input: { name: "Lamborghini", kind: COMPANY, country: "IT" }) { id } }`,
      {},
      token,
    );
    const id = created.data.createOrganisation.id;
    await postGraphQL(
      first.url,
      `mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      { input: { email: 'staff@wfs.test', displayName: 'Staff', password: USER_PASSWORD, role: 'STAFF' } },
      token,
    );
    await postGraphQL(first.url, LOGIN, { email: 'staff@wfs.test', password: USER_PASSWORD });
    const refreshed = await postGraphQL(
      first.url,
      `mutation ($r: String!) { refreshSession(refreshToken: $r) { token refreshToken } }`,
      { r: login.data.login.refreshToken },
    );
    const key = await postGraphQL(
      first.url,
      `mutation { createApiKey(input: { name: "Newsletter sync", role: READ_ONLY }) { secret } }`,
      {},
      token,
    );
    const secret = key.data.createApiKey.secret;
    const viaKey = await fetch(`${first.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': secret },
      body: JSON.stringify({ query: '{ me { role } }' }),
    });
    expect(((await viaKey.json()) as any).data.me.role).toBe('VIEWER');
    expect((await postGraphQL(first.url, '{ me { role } }', {}, secret)).data.me.role).toBe('VIEWER');
    expect(await first.stop()).toBe(true);

    const lines = jsonLines(first.stdout());
    expect(lines.some((l) => l.msg?.includes(`embedded PGlite`) && l.msg.includes(dataDir))).toBe(true);
    const requests = lines.filter((l) => l.req?.url === '/graphql' && l.msg === 'request completed');
    expect(requests.length).toBeGreaterThanOrEqual(4);
    expect(new Set(requests.map((l) => l.req.id)).size).toBe(requests.length);
    for (const text of [first.stdout(), first.stderr()]) {
      expect(text).not.toContain(ADMIN.password);
      expect(text).not.toContain(USER_PASSWORD);
      expect(text).not.toContain('$argon2');
      expect(text).not.toContain(token);
      expect(text).not.toContain(login.data.login.refreshToken);
      expect(text).not.toContain(refreshed.data.refreshSession.token);
      expect(text).not.toContain(refreshed.data.refreshSession.refreshToken);
      expect(text).not.toContain(secret);
    }

    const second = await spawnApp(env);
    try {
      const again = await postGraphQL(second.url, LOGIN, ADMIN);
      const read = await postGraphQL(second.url, `query ($id: ID!) { organisation(id: $id) { name } }`, { id }, again.data.login.token);
      expect(read.data.organisation.name).toBe('Lamborghini');
    } finally {
      expect(await second.stop()).toBe(true);
    }
  });

  it('generates and shows the admin password once when none is configured', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liaison-start-'));
    const app = await spawnApp({ LIAISON_DATA_DIR: dir, LOG_FORMAT: 'json' });
    try {
      const match = /Generated password \(shown once\): (\S+)/.exec(app.stderr());
      expect(match).not.toBeNull();
      expect(app.stdout()).not.toContain(match![1]);
      const login = await postGraphQL(app.url, LOGIN, { email: 'admin@liaison.local', password: match![1] });
      expect(login.data.login.token).toEqual(expect.any(String));
      const health = await fetch(`${app.url}/health/live`);
      expect(health.status).toBe(200);
    } finally {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Registered only in the PostgreSQL run of the suite (DATABASE_URL set).
  if (usingPostgres()) {
  it('runs on PostgreSQL when DATABASE_URL is set', async () => {
    const db = await openTestDatabase();
    if (db.target.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const app = await spawnApp({ DATABASE_URL: db.target.url, LOG_FORMAT: 'json', LIAISON_ADMIN_PASSWORD: ADMIN.password, LIAISON_ADMIN_EMAIL: ADMIN.email });
    try {
      expect(jsonLines(app.stdout()).some((l) => /Database: PostgreSQL at 127\.0\.0\.1:5432\//.test(l.msg ?? ''))).toBe(true);
      const login = await postGraphQL(app.url, LOGIN, ADMIN);
      expect(login.data.login.token).toEqual(expect.any(String));
    } finally {
      await app.stop();
      await db.dispose();
    }
  });
}
});
