import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE_NAME, readHolder } from '../../src/database/data-dir-lock';
import { BUILT, runScript } from '../utils/run-script';
import { postGraphQL, spawnApp, SpawnedApp } from '../utils/spawn-app';

// Every process here opens a PGlite data folder of its own; on this shared 2-core machine a start can take a minute.
jest.setTimeout(600000);

const ADMIN = { email: 'admin@wfs.test', password: 'data-dir-lock-admin-password' };
const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;
const HELD = (pid: number, command: string) =>
  new RegExp(`^Data folder \\S+ is in use by pid ${pid} \\(${command}\\) since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z: .*stop that one first`);

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return child.pid!;
}

describe('One process per PGlite data folder (spawned processes)', () => {
  let dataDir: string;
  let server: SpawnedApp | undefined;
  let organisationId: string;
  const env = () => ({ LIAISON_DATA_DIR: dataDir, LIAISON_ADMIN_EMAIL: ADMIN.email, LIAISON_ADMIN_PASSWORD: ADMIN.password, LOG_FORMAT: 'json' });
  const login = async (app: SpawnedApp) => (await postGraphQL(app.url, LOGIN, ADMIN)).data.login.token as string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'liaison-lock-e2e-'));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a second server, the seed, the admin command and the migration CLI with one line naming the holder', async () => {
    server = await spawnApp(env(), 300000);
    const pid = server.process.pid!;
    const created = await postGraphQL(
      server.url,
      `mutation { createOrganisation(input: { name: "Brembo", kind: COMPANY, country: "IT" }) { id } }`,
      {},
      await login(server),
    );
    organisationId = created.data.createOrganisation.id;
    const heldBefore = readHolder(join(dataDir, LOCK_FILE_NAME));
    expect(heldBefore).toMatchObject({ pid, hostname: hostname(), command: 'node dist/src/main.js' });

    const [secondStart, seed, admin, migrate] = await Promise.all([
      runScript(BUILT.main, [], { ...env(), PORT: '0' }),
      runScript(BUILT.seed, [], env()),
      runScript(BUILT.admin, ['create', 'someone@wfs.test'], env()),
      runScript(BUILT.typeorm, ['-d', BUILT.cliDataSource, 'migration:run'], env()),
    ]);
    for (const result of [secondStart, seed, admin, migrate]) {
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(HELD(pid, 'node dist/src/main\\.js'))]);
    }
    expect(seed.stdout).not.toContain('Demo data loaded');
    expect(admin.stdout).not.toContain('Created admin');

    // The holder neither noticed nor lost anything.
    expect(readHolder(join(dataDir, LOCK_FILE_NAME))).toEqual(heldBefore);
    const read = await postGraphQL(server.url, `query ($id: ID!) { organisation(id: $id) { name } }`, { id: organisationId }, await login(server));
    expect(read.data.organisation.name).toBe('Brembo');
  });

  it('after kill -9, the next start takes the stale lock over and finds the data intact', async () => {
    const killed = server!.process;
    killed.kill('SIGKILL');
    await once(killed, 'exit');
    server = undefined;
    expect(readHolder(join(dataDir, LOCK_FILE_NAME))).toMatchObject({ pid: killed.pid });

    const restarted = await spawnApp(env(), 300000);
    server = restarted;
    expect(readHolder(join(dataDir, LOCK_FILE_NAME))).toMatchObject({ pid: restarted.process.pid });
    const read = await postGraphQL(restarted.url, `query ($id: ID!) { organisation(id: $id) { name } }`, { id: organisationId }, await login(restarted));
    expect(read.data.organisation.name).toBe('Brembo');

    expect(await restarted.stop()).toBe(true);
    server = undefined;
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
  });

  it('of processes racing for a stale lock (dead pid, or a pid reused by another process), only one holds it at a time', async () => {
    const raceDir = mkdtempSync(join(tmpdir(), 'liaison-lock-race-'));
    // A live process that is not a holder: its pid stands for a reused one.
    const stranger = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)']);
    await once(stranger, 'spawn');
    const racer = join(raceDir, 'racer.js');
    writeFileSync(
      racer,
      `const { lockDataDir } = require(${JSON.stringify(join(__dirname, '../../dist/src/database/data-dir-lock.js'))});
       const [dir, startAt, holdMs] = process.argv.slice(2).map((v, i) => (i === 0 ? v : Number(v)));
       while (Date.now() < startAt) {} // all racers try at the same moment
       const attemptedAt = Date.now();
       try {
         const lock = lockDataDir(dir);
         const acquiredAt = Date.now();
         setTimeout(() => {
           const releasedAt = Date.now();
           lock.release();
           console.log(JSON.stringify({ pid: process.pid, attemptedAt, acquiredAt, releasedAt }));
         }, holdMs);
       } catch (error) {
         console.log(JSON.stringify({ pid: process.pid, attemptedAt, refused: error.message }));
       }`,
    );
    try {
      const staleHolders = [
        { pid: await deadPid(), processStart: 'ticks:1' },
        { pid: stranger.pid!, processStart: 'ticks:1' },
        { pid: await deadPid(), processStart: 'ticks:1' },
      ];
      for (const stale of staleHolders) {
        const dir = mkdtempSync(join(raceDir, 'data-'));
        writeFileSync(
          join(dir, LOCK_FILE_NAME),
          JSON.stringify({ ...stale, hostname: hostname(), command: 'node dist/src/main.js', since: new Date(0).toISOString(), nonce: `stale${stale.pid}` }),
        );
        const startAt = Date.now() + 6000;
        const holdMs = 8000;
        const results = await Promise.all(
          Array.from({ length: 6 }, () => runScript(racer, [dir, String(startAt), String(holdMs)], {})),
        );
        const reports = results.map((r) => {
          expect(r).toMatchObject({ code: 0, stderr: '' });
          return JSON.parse(r.stdout);
        });
        const holders = reports.filter((r) => r.acquiredAt !== undefined);
        // Every racer tried while the first holder still held the folder: a real race, not a queue.
        const firstRelease = Math.min(...holders.map((h) => h.releasedAt));
        expect(reports.every((r) => r.attemptedAt < firstRelease)).toBe(true);
        expect(holders).toHaveLength(1);
        for (const refused of reports.filter((r) => r.refused)) {
          expect(refused.refused).toMatch(HELD(holders[0].pid, 'node \\S*racer\\.js \\S+ \\d+ \\d+'));
        }
        expect(readdirSync(dir)).toEqual([]);
      }
    } finally {
      stranger.kill('SIGKILL');
      rmSync(raceDir, { recursive: true, force: true });
    }
  });
});
