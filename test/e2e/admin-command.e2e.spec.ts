import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { verifyPassword } from '../../src/auth/password';
import { loadConfig } from '../../src/config/app-config';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { closeDatabaseTarget, databaseTargetFromConfig } from '../../src/database/database.module';
import { DEMO_PASSWORD, DEMO_USERS } from '../../src/seed/demo-data';
import { BUILT, runScript, ScriptResult } from '../utils/run-script';
import { postGraphQL, spawnApp, SpawnedApp } from '../utils/spawn-app';
import { openTestDatabase, TestDatabase, usingPostgres } from '../utils/test-database';

// Spawned seeds, commands and servers; on this shared 2-core machine each can take a minute.
jest.setTimeout(900000);

const ADMIN = { email: 'admin@wfs.test', password: 'seeded-admin-password' };
const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token refreshToken } }`;
const GENERATED = /Generated password \(shown once\): (\S+)/;

interface UserRow {
  email: string;
  role: string;
  disabled: boolean;
  passwordHash: string;
}

/**
 * A database for spawned processes: a PGlite data folder of its own, or in the
 * PostgreSQL run a database cloned from the migrated template.
 */
async function spawnedDatabase(): Promise<{ env: Record<string, string>; dispose(): Promise<void> }> {
  if (usingPostgres()) {
    const db: TestDatabase = await openTestDatabase();
    if (db.target.kind !== 'postgres') throw new Error('expected PostgreSQL');
    return { env: { DATABASE_URL: db.target.url }, dispose: () => db.dispose() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'liaison-admin-'));
  return { env: { LIAISON_DATA_DIR: dir }, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** The users as stored, read the way the tools open the database (so it takes the data folder's lock too). */
async function storedUsers(env: Record<string, string>): Promise<UserRow[]> {
  const target = await databaseTargetFromConfig(loadConfig(env));
  const dataSource = await new DataSource(await buildDataSourceOptions(target, { migrationsRun: false })).initialize();
  try {
    return await dataSource.query(
      `SELECT email, role, disabled_at IS NOT NULL AS disabled, password_hash AS "passwordHash" FROM users ORDER BY email`,
    );
  } finally {
    await dataSource.destroy();
    await closeDatabaseTarget(target);
  }
}

const roles = (users: UserRow[]) => Object.fromEntries(users.map((u) => [u.email, u.role]));
const output = (result: ScriptResult) => result.stdout + result.stderr;

describe('npm run seed:demo and npm run admin (spawned)', () => {
  const disposers: (() => Promise<void>)[] = [];
  const servers: SpawnedApp[] = [];
  afterAll(async () => {
    for (const server of servers) await server.stop();
    for (const dispose of disposers) await dispose();
  });
  async function database() {
    const db = await spawnedDatabase();
    disposers.push(db.dispose);
    return db.env;
  }
  async function start(env: Record<string, string>) {
    const server = await spawnApp({ ...env, LOG_FORMAT: 'json' }, 300000);
    servers.push(server);
    return server;
  }

  let seeded: Record<string, string>;

  it('seeding before the first start leaves an admin; seeding again changes nothing', async () => {
    seeded = await database();
    const adminEnv = { LIAISON_ADMIN_EMAIL: ADMIN.email, LIAISON_ADMIN_PASSWORD: ADMIN.password };
    const first = await runScript(BUILT.seed, [], { ...seeded, ...adminEnv });
    expect(first).toMatchObject({ code: 0, stdout: expect.stringContaining('Demo data loaded') });
    expect(first.stdout).toContain(`Admin created: ${ADMIN.email}`);
    expect(output(first)).not.toContain(ADMIN.password);

    const again = await runScript(BUILT.seed, [], { ...seeded, ...adminEnv });
    expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining('Demo data loaded') });
    expect(again.stdout).not.toContain('Admin created');

    const users = await storedUsers(seeded);
    expect(roles(users)).toEqual({
      [ADMIN.email]: 'ADMIN',
      [DEMO_USERS.staff.email]: 'STAFF',
      [DEMO_USERS.lead.email]: 'STAFF',
      [DEMO_USERS.ministry.email]: 'VIEWER',
    });
    const admin = users.find((u) => u.email === ADMIN.email)!;
    expect(await verifyPassword(admin.passwordHash, ADMIN.password)).toBe(true);
  });

  it('a seed with no admin password configured generates one and shows it once, on stderr', async () => {
    const env = await database();
    const seed = await runScript(BUILT.seed, [], env);
    expect(seed.code).toBe(0);
    const password = GENERATED.exec(seed.stderr)?.[1];
    expect(password).toEqual(expect.any(String));
    expect(seed.stdout).toContain('Admin created: admin@liaison.local');
    expect(seed.stdout).not.toContain(password);
    expect(seed.stderr.split(password!)).toHaveLength(2);
    const admin = (await storedUsers(env)).find((u) => u.role === 'ADMIN')!;
    expect(admin.email).toBe('admin@liaison.local');
    expect(await verifyPassword(admin.passwordHash, password!)).toBe(true);
  });

  it('seeding after the first start keeps the one admin the start made', async () => {
    const env = await database();
    const server = await start({ ...env, LIAISON_ADMIN_EMAIL: ADMIN.email, LIAISON_ADMIN_PASSWORD: ADMIN.password });
    expect(await server.stop()).toBe(true);
    const seed = await runScript(BUILT.seed, [], env);
    expect(seed).toMatchObject({ code: 0, stdout: expect.stringContaining('Demo data loaded') });
    expect(output(seed)).not.toMatch(/Admin created|Generated password/);
    expect((await storedUsers(env)).filter((u) => u.role === 'ADMIN').map((u) => u.email)).toEqual([ADMIN.email]);
  });

  it('admin create EMAIL makes a new admin whose generated password is shown once and works', async () => {
    const result = await runScript(BUILT.admin, ['create', 'neue.admin@wfs.test'], seeded);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Created admin neue.admin@wfs.test.');
    const password = GENERATED.exec(result.stdout)?.[1];
    expect(password).toEqual(expect.any(String));
    expect(output(result).split(password!)).toHaveLength(2);
    const created = (await storedUsers(seeded)).find((u) => u.email === 'neue.admin@wfs.test')!;
    expect(created).toMatchObject({ role: 'ADMIN', disabled: false });
    expect(await verifyPassword(created.passwordHash, password!)).toBe(true);
  });

  it('admin create EMAIL of an existing user makes them an enabled admin with a new password and ends their sessions', async () => {
    let server = await start(seeded);
    const staff = (await postGraphQL(server.url, LOGIN, { email: DEMO_USERS.staff.email, password: DEMO_PASSWORD })).data.login;
    const adminToken = (await postGraphQL(server.url, LOGIN, ADMIN)).data.login.token;
    const users = (await postGraphQL(server.url, '{ users { id email } }', {}, adminToken)).data.users as { id: string; email: string }[];
    const lead = users.find((u) => u.email === DEMO_USERS.lead.email)!;
    const disabled = await postGraphQL(server.url, `mutation ($id: ID!) { disableUser(userId: $id) { disabledAt } }`, { id: lead.id }, adminToken);
    expect(disabled.data.disableUser.disabledAt).toEqual(expect.any(String));
    // The embedded database allows one process: the command runs while the server is stopped. PostgreSQL needs no pause.
    if (!usingPostgres()) expect(await server.stop()).toBe(true);
    else expect(await runScript(BUILT.seed, [], seeded)).toMatchObject({ code: 0, stdout: expect.stringContaining('Demo data loaded') });

    const newPassword = 'reset-by-the-admin-command';
    const resetStaff = await runScript(BUILT.admin, ['create', DEMO_USERS.staff.email.toUpperCase()], { ...seeded, LIAISON_ADMIN_PASSWORD: newPassword });
    expect(resetStaff.code).toBe(0);
    expect(resetStaff.stdout).toContain(`Reset ${DEMO_USERS.staff.email}: now an enabled admin with a new password; their sessions ended.`);
    expect(output(resetStaff)).not.toContain(newPassword);
    const resetLead = await runScript(BUILT.admin, ['create', DEMO_USERS.lead.email], seeded);
    expect(resetLead.code).toBe(0);
    const leadPassword = GENERATED.exec(resetLead.stdout)![1];

    if (!usingPostgres()) server = await start(seeded);
    const refreshed = await postGraphQL(server.url, `mutation ($r: String!) { refreshSession(refreshToken: $r) { token } }`, { r: staff.refreshToken });
    expect(refreshed.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await postGraphQL(server.url, LOGIN, { email: DEMO_USERS.staff.email, password: DEMO_PASSWORD })).errors).toHaveLength(1);
    for (const [email, password] of [[DEMO_USERS.staff.email, newPassword], [DEMO_USERS.lead.email, leadPassword]]) {
      const token = (await postGraphQL(server.url, LOGIN, { email, password })).data.login.token;
      expect((await postGraphQL(server.url, '{ me { role disabledAt } }', {}, token)).data.me).toEqual({ role: 'ADMIN', disabledAt: null });
    }
    expect(await server.stop()).toBe(true);
    for (const text of [server.stdout(), server.stderr()]) {
      expect(text).not.toContain(newPassword);
      expect(text).not.toContain(leadPassword);
    }
  });

  it('answers a wrong call with one usage line', async () => {
    for (const args of [[], ['create'], ['delete', 'someone@wfs.test'], ['create', 'not-an-email']]) {
      const result = await runScript(BUILT.admin, args, {});
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining('Usage: npm run admin -- create EMAIL')]);
    }
  });
});
