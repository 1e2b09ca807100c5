import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ErrorCode, LiaisonException } from '../common/errors/liaison.exception';
import { AppConfig } from '../config/app-config';
import { LoginThrottleRepository } from './login-throttle.repository';

/** The window of the limits per (account, address) and per address. */
const WINDOW_SECONDS = 60;
/** How long an account's failed attempts count towards its slow-down. */
const ACCOUNT_WINDOW_SECONDS = 15 * 60;
/** Failed attempts an account may have in its window before each attempt on it waits. */
const ACCOUNT_FREE_ATTEMPTS = 10;
/** Beyond this, older attempts of an account add nothing: its wait is at the cap long before. */
const ACCOUNT_KEPT_ATTEMPTS = ACCOUNT_FREE_ATTEMPTS + 32;

/** A counted login attempt; forgiven when the password turns out right. */
export interface LoginAttempt {
  keys: string[];
  at: Date;
}

/** The throttle rows an attempt counts in: its account from its address, its address, its account. */
export function throttleKeys(email: string, clientAddress: string): { pair: string; address: string; account: string } {
  const account = email.trim().toLowerCase();
  const address = addressKey(clientAddress);
  // Hashed: an email and an address together may be longer than the key column.
  const pair = createHash('sha256').update(`${account}\n${address}`).digest('hex');
  return { pair: `pair:${pair}`, address: `address:${address}`, account: `account:${account}` };
}

/**
 * Seconds an attempt on an account waits before its password is checked,
 * given the account's failed attempts in its window, this one included:
 * none for the first ACCOUNT_FREE_ATTEMPTS, then 1, 2, 4, 8 ... up to `maxSeconds`.
 */
export function accountDelaySeconds(attempts: number, maxSeconds: number): number {
  const over = attempts - ACCOUNT_FREE_ATTEMPTS;
  return over <= 0 ? 0 : Math.min(maxSeconds, 2 ** (over - 1));
}

/**
 * The key of a client address: IPv4 as is (also when mapped into IPv6), IPv6
 * by its /64 prefix, because one customer line usually holds a whole /64.
 */
export function addressKey(address: string): string {
  const plain = address.split('%')[0];
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(plain);
  if (mapped) return mapped[1];
  if (!isIPv6(plain)) return plain;
  const [head, tail] = plain.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? headGroups
      : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * Throttles login attempts, in the database so that all app instances count
 * together. An account from one address and an address are limited, and
 * refused past their limit for the rest of a sliding minute. An account by
 * itself is never refused, so that nobody can lock a user (the admin) out
 * from addresses of their own: past its free attempts, every attempt on it
 * waits, twice as long each time up to LOGIN_DELAY_MAX_SECONDS, and then has
 * its password checked, the right one too. Each attempt is counted before the
 * password is checked, so parallel attempts (an aliased batch of `login`
 * fields, several instances) cannot slip past a limit or the slow-down; a
 * successful login is then forgiven.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly throttle: LoginThrottleRepository,
    private readonly config: AppConfig,
  ) {}

  /**
   * UNAUTHENTICATED with `retryAfterSeconds` once the account from this
   * address, or the address, has used its attempts; otherwise counts the
   * attempt and resolves, after the account's slow-down, to be checked.
   */
  async begin(email: string, clientAddress: string): Promise<LoginAttempt> {
    const keys = throttleKeys(email, clientAddress);
    const limits = new Map([
      [keys.pair, this.config.LOGIN_ATTEMPTS_PER_MINUTE],
      [keys.address, this.config.LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE],
    ]);
    const counted = [keys.pair, keys.address, keys.account];
    type Outcome = { attempt: LoginAttempt; delaySeconds: number } | { retryAfterSeconds: number };
    const outcome = await this.dataSource.transaction(async (db): Promise<Outcome> => {
      const windows = { seconds: WINDOW_SECONDS, accountSeconds: ACCOUNT_WINDOW_SECONDS };
      const { now, rows } = await this.throttle.lockRecent(db, counted, windows);
      const waits = rows.flatMap((row) => {
        const limit = limits.get(row.key);
        if (limit === undefined || row.attemptedAt.length < limit) return [];
        // The attempt whose leaving the window frees a slot.
        return [row.attemptedAt[row.attemptedAt.length - limit].getTime() + WINDOW_SECONDS * 1000 - now.getTime()];
      });
      if (waits.length > 0) return { retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...waits) / 1000)) };
      const kept = Math.max(ACCOUNT_KEPT_ATTEMPTS, ...limits.values());
      await this.throttle.record(db, counted, now, windows, kept);
      const accountAttempts = rows.find((row) => row.key === keys.account)!.attemptedAt.length + 1;
      return { attempt: { keys: counted, at: now }, delaySeconds: accountDelaySeconds(accountAttempts, this.config.LOGIN_DELAY_MAX_SECONDS) };
    });
    await this.throttle.deleteExpired();
    if ('retryAfterSeconds' in outcome) {
      throw new LiaisonException(
        ErrorCode.UNAUTHENTICATED,
        `Too many login attempts: try again in ${outcome.retryAfterSeconds} seconds`,
        { retryAfterSeconds: outcome.retryAfterSeconds },
      );
    }
    // Waited outside the transaction: a slowed attempt holds no connection and no lock.
    if (outcome.delaySeconds > 0) await sleep(outcome.delaySeconds * 1000);
    return outcome.attempt;
  }

  /** A successful login does not use up an attempt, so colleagues behind one address can all sign in. */
  async forgive(attempt: LoginAttempt): Promise<void> {
    await this.throttle.forget(attempt.keys, attempt.at);
  }
}
