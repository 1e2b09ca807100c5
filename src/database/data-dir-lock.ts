import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';

/**
 * The lock of a PGlite data folder. PGlite runs PostgreSQL inside one process
 * and does not lock its folder itself: a second process opening the same
 * folder corrupts it silently. So every process that opens the folder (the
 * server, the seed, the admin command, the TypeORM CLI) first creates this
 * file, and a second one is refused with a line naming the first.
 *
 * The file is written whole to a temporary name and hard-linked into place:
 * link() fails when the name exists, so creation is atomic, and a reader never
 * sees half a file. A holder counts as alive while a process with its pid runs
 * on this host, started when the holder's did (a reused pid has another start
 * time), since this boot. A dead holder's lock is taken over; see
 * `removeStaleFile` for how two processes racing for it are kept apart.
 */
export const LOCK_FILE_NAME = 'liaison.lock';

export interface LockHolder {
  pid: number;
  hostname: string;
  /** Linux's boot id: a lock from before a reboot is stale whatever its pid. */
  bootId?: string;
  /** When the process started, as the OS tells it: tells a reused pid from the holder. */
  processStart?: string;
  command: string;
  /** When the lock was taken (ISO 8601). */
  since: string;
  /** Unique per lock file; a takeover removes only the file it judged stale. */
  nonce: string;
}

/** The data folder is held by another process, or its lock could not be taken: the message is one line. */
export class DataDirLockedError extends Error {}

/** How long to wait for another process's takeover of a stale lock to finish (a claim lives microseconds, unless its process is starved). */
const TAKEOVER_WAIT_MS = 5000;
const MAX_ABANDONED_TAKEOVERS = 3;

/** A held lock; `release` removes the file if it is still ours. */
export class DataDirLock {
  private released = false;
  private readonly releaseOnExit = () => this.release();

  constructor(
    readonly path: string,
    readonly holder: LockHolder,
  ) {
    // A process that exits without closing the database (an uncaught error,
    // process.exit in a CLI) still frees the folder; only a kill leaves a stale lock.
    process.once('exit', this.releaseOnExit);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    process.off('exit', this.releaseOnExit);
    const current = readHolder(this.path);
    if (typeof current === 'object' && current.nonce === this.holder.nonce) unlinkQuietly(this.path);
  }
}

/** Locks `dataDir` (an existing folder) for this process, or throws DataDirLockedError naming the holder. */
export function lockDataDir(dataDir: string): DataDirLock {
  const path = join(dataDir, LOCK_FILE_NAME);
  const me = thisProcess();
  const deadline = Date.now() + TAKEOVER_WAIT_MS;
  let lastBlocker: LockHolder | 'unreadable' | undefined;
  while (Date.now() < deadline) {
    if (createExclusive(path, me)) return new DataDirLock(path, me);
    const holder = readHolder(path);
    if (holder === undefined) continue; // released between our two calls
    if (holder === 'unreadable') {
      throw new DataDirLockedError(
        `Data folder ${dataDir} has a lock file that is not Liaison's (${path}): if no process uses this folder, delete that file`,
      );
    }
    if (holderIsAlive(holder)) throw new DataDirLockedError(inUseMessage(dataDir, holder));
    lastBlocker = removeStaleFile(path, path, holder, 0);
    if (lastBlocker !== undefined) sleep(25 + Math.random() * 50);
  }
  const who = typeof lastBlocker === 'object' ? ` (pid ${lastBlocker.pid}, ${lastBlocker.command})` : '';
  throw new DataDirLockedError(
    `Data folder ${dataDir}: its stale lock ${path} could not be taken over, another process is taking it over${who}; try again`,
  );
}

export function inUseMessage(dataDir: string, holder: LockHolder): string {
  const where = holder.hostname === hostname() ? '' : ` on host ${holder.hostname}`;
  return (
    `Data folder ${dataDir} is in use by pid ${holder.pid}${where} (${holder.command}) since ${holder.since}: ` +
    `the embedded database allows one process at a time, so stop that one first (or use PostgreSQL with DATABASE_URL)`
  );
}

/**
 * Removes `target` (the data folder's lock, or an abandoned takeover claim)
 * if it still is the stale `stale`. Returns undefined when the caller may
 * retry at once, or the live claimant to wait for.
 *
 * Two processes may both find the same dead holder. Each must first create a
 * claim file named after the stale file's nonce, exclusively: only one can,
 * and it re-reads the target and removes it only if it still holds that
 * nonce. Nonces are never reused, so a slow loser that claims later finds a
 * newer file (or none) and leaves it alone. A claimant that died midway leaves
 * its claim behind; the claim is itself a holder file, taken over the same way.
 */
function removeStaleFile(lockPath: string, target: string, stale: LockHolder, depth: number): LockHolder | 'unreadable' | undefined {
  const claimPath = `${lockPath}.takeover-${stale.nonce}`;
  if (!createExclusive(claimPath, thisProcess())) {
    const claimant = readHolder(claimPath);
    if (claimant === undefined) return undefined; // that takeover just finished
    if (claimant === 'unreadable' || holderIsAlive(claimant) || depth >= MAX_ABANDONED_TAKEOVERS) return claimant;
    return removeStaleFile(lockPath, claimPath, claimant, depth + 1);
  }
  try {
    const current = readHolder(target);
    if (typeof current === 'object' && current.nonce === stale.nonce) unlinkQuietly(target);
    return undefined;
  } finally {
    unlinkQuietly(claimPath);
  }
}

/** Whether the process named by `holder` still runs. Fails closed: what cannot be checked counts as running. */
export function holderIsAlive(holder: LockHolder): boolean {
  // Another host's processes cannot be seen from here (a folder on a network share).
  if (holder.hostname !== hostname()) return true;
  const bootId = currentBootId();
  if (holder.bootId && bootId && holder.bootId !== bootId) return false;
  if (!pidExists(holder.pid)) return false;
  const start = processStartTime(holder.pid);
  if (holder.processStart && start) return holder.processStart === start;
  return true;
}

function pidExists(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A process's start time: on Linux field 22 of /proc/PID/stat (clock ticks
 * since boot), elsewhere `ps -o lstart=`; undefined when neither answers.
 */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: count from after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return `ticks:${fields[22 - 3]}`;
  } catch {
    // not Linux, or no such process
  }
  if (process.platform === 'win32') return undefined;
  try {
    const started = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return started ? `lstart:${started}` : undefined;
  } catch {
    return undefined;
  }
}

function currentBootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function thisProcess(): LockHolder {
  const [, script, ...args] = process.argv;
  // `node dist/src/main.js` when run from the project, as the person typed it; a full path otherwise.
  const shown = script && !relative(process.cwd(), script).startsWith('..') ? relative(process.cwd(), script) || script : script;
  const command = [shown ? `node ${shown}` : 'node', ...args].join(' ');
  return {
    pid: process.pid,
    hostname: hostname(),
    bootId: currentBootId(),
    processStart: processStartTime(process.pid),
    command: command.length > 200 ? `${command.slice(0, 197)}...` : command,
    since: new Date().toISOString(),
    nonce: randomBytes(12).toString('hex'),
  };
}

/** Writes `holder` to `path` unless `path` exists; true when this call created it. */
function createExclusive(path: string, holder: LockHolder): boolean {
  const temporary = `${path}.${holder.pid}.${holder.nonce}.tmp`;
  const fd = openSync(temporary, 'wx', 0o644);
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkQuietly(temporary);
  }
}

/** The holder in `path`; undefined when there is no file; 'unreadable' when it is not a holder. */
export function readHolder(path: string): LockHolder | 'unreadable' | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const holder = JSON.parse(text) as LockHolder;
    // The nonce names a claim file: letters and digits only, so no file can point a claim outside the folder.
    const valid = Number.isInteger(holder.pid) && typeof holder.hostname === 'string' && /^[0-9a-z]{1,64}$/i.test(String(holder.nonce));
    return valid ? holder : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
