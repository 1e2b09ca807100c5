import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirLockedError, LOCK_FILE_NAME, LockHolder, lockDataDir, processStartTime, readHolder } from './data-dir-lock';

/** The pid of a process that has exited (pids are not reused this fast). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return child.pid!;
}

function bootId(): string | undefined {
  return existsSync('/proc/sys/kernel/random/boot_id') ? readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() : undefined;
}

function holder(overrides: Partial<LockHolder>): LockHolder {
  return {
    pid: process.pid,
    hostname: hostname(),
    bootId: bootId(),
    processStart: processStartTime(process.pid),
    command: 'node dist/src/main.js',
    since: '2026-12-01T09:00:00.000Z',
    nonce: `n${Math.random().toString(16).slice(2)}`,
    ...overrides,
  };
}

describe('The data folder lock', () => {
  let dir: string;
  let sleeper: ChildProcess;

  beforeAll(async () => {
    // A live process that is not ours, as another Liaison process would be.
    sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)']);
    await once(sleeper, 'spawn');
  });
  afterAll(() => sleeper.kill('SIGKILL'));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'liaison-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const lockPath = () => join(dir, LOCK_FILE_NAME);
  const writeLock = (h: LockHolder, name = LOCK_FILE_NAME) => writeFileSync(join(dir, name), JSON.stringify(h));
  const lockError = (): DataDirLockedError => {
    try {
      lockDataDir(dir).release();
    } catch (error) {
      return error as DataDirLockedError;
    }
    throw new Error('the folder was locked although it is held');
  };

  it('writes who holds it, and release removes it', () => {
    const lock = lockDataDir(dir);
    const written = readHolder(lockPath());
    expect(written).toEqual(lock.holder);
    expect(lock.holder).toMatchObject({ pid: process.pid, hostname: hostname(), since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(lock.holder.processStart).toEqual(expect.any(String));
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a second holder with one line naming the first (pid, command, since)', () => {
    writeLock(holder({ pid: sleeper.pid!, processStart: processStartTime(sleeper.pid!) }));
    const error = lockError();
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect(error.message).not.toContain('\n');
    expect(error.message).toContain(`Data folder ${dir} is in use by pid ${sleeper.pid} (node dist/src/main.js) since 2026-12-01T09:00:00.000Z`);
    expect(readHolder(lockPath())).toMatchObject({ pid: sleeper.pid });
  });

  it('refuses a second lock in the same process too: two PGlites on one folder corrupt it as well', () => {
    const lock = lockDataDir(dir);
    try {
      expect(lockError().message).toContain(`in use by pid ${process.pid}`);
    } finally {
      lock.release();
    }
  });

  it('takes over the lock of a process that died (kill -9 leaves the file behind)', async () => {
    const dead = await deadPid();
    writeLock(holder({ pid: dead, processStart: 'ticks:1' }));
    const lock = lockDataDir(dir);
    expect(readHolder(lockPath())).toMatchObject({ pid: process.pid, nonce: lock.holder.nonce });
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes over a lock whose pid now belongs to another process (pid reuse: another start time)', () => {
    writeLock(holder({ pid: sleeper.pid!, processStart: 'ticks:1' }));
    const lock = lockDataDir(dir);
    expect(lock.holder.pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock from before a reboot, whatever its pid', () => {
    // Only Linux tells a boot id; elsewhere the pid and start time decide alone.
    expect(bootId() !== undefined).toBe(process.platform === 'linux');
    if (!bootId()) return;
    writeLock(holder({ pid: sleeper.pid!, processStart: processStartTime(sleeper.pid!), bootId: '00000000-0000-0000-0000-000000000000' }));
    lockDataDir(dir).release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('fails closed on a lock from another host, whose processes it cannot see', async () => {
    writeLock(holder({ pid: await deadPid(), hostname: 'other-host' }));
    expect(lockError().message).toContain('on host other-host');
    expect(existsSync(lockPath())).toBe(true);
  });

  it('refuses a lock file it cannot read, and names the file to delete', async () => {
    const notOurs = ['not json', JSON.stringify(holder({ pid: await deadPid(), nonce: '../../escape' }))];
    for (const text of notOurs) {
      writeFileSync(lockPath(), text);
      const message = lockError().message;
      expect(message).toContain(lockPath());
      expect(message).not.toContain('\n');
      expect(readFileSync(lockPath(), 'utf8')).toBe(text);
    }
    expect(readdirSync(dir)).toEqual([LOCK_FILE_NAME]);
  });

  it('takes over when an earlier takeover died halfway, leaving its claim behind', async () => {
    const stale = holder({ pid: await deadPid() });
    writeLock(stale);
    writeLock(holder({ pid: await deadPid() }), `${LOCK_FILE_NAME}.takeover-${stale.nonce}`);
    const lock = lockDataDir(dir);
    expect(readdirSync(dir)).toEqual([LOCK_FILE_NAME]);
    lock.release();
  });

  it('does not remove a stale lock while a live process claims its takeover', async () => {
    const stale = holder({ pid: await deadPid() });
    writeLock(stale);
    writeLock(holder({ pid: sleeper.pid!, processStart: processStartTime(sleeper.pid!) }), `${LOCK_FILE_NAME}.takeover-${stale.nonce}`);
    const message = lockError().message;
    expect(message).toContain(`another process is taking it over (pid ${sleeper.pid}`);
    expect(readHolder(lockPath())).toEqual(stale);
  });

  it('release leaves alone a lock that is no longer its own', () => {
    const lock = lockDataDir(dir);
    const other = holder({ pid: sleeper.pid! });
    writeLock(other);
    lock.release();
    expect(readHolder(lockPath())).toEqual(other);
  });
});
