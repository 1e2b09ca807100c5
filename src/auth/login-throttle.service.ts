import { isIPv6 } from 'node:net';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ErrorCode, LiaisonException } from '../common/errors/liaison.exception';
import { AppConfig } from '../config/app-config';
import { LoginThrottleRepository } from './login-throttle.repository';

const WINDOW_SECONDS = 60;

/** A counted login attempt; forgiven when the password turns out right. */
export interface LoginAttempt {
  keys: string[];
  at: Date;
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
 * Limits login attempts per account and per client address in a sliding
 * minute, in the database so that all app instances count together. Each
 * attempt is counted before the password is checked, so parallel attempts
 * (an aliased batch of `login` fields, several instances) cannot slip past
 * the limit; a successful login is then forgiven.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly throttle: LoginThrottleRepository,
    private readonly config: AppConfig,
  ) {}

  /** UNAUTHENTICATED with `retryAfterSeconds` once the account or the address has used its attempts. */
  async begin(email: string, clientAddress: string): Promise<LoginAttempt> {
    const keys = [`account:${email.trim().toLowerCase()}`, `address:${addressKey(clientAddress)}`];
    const limit = this.config.LOGIN_ATTEMPTS_PER_MINUTE;
    type Outcome = { attempt: LoginAttempt } | { retryAfterSeconds: number };
    const outcome = await this.dataSource.transaction(async (db): Promise<Outcome> => {
      const { now, rows } = await this.throttle.lockRecent(db, keys, WINDOW_SECONDS);
      const waits = rows
        .filter((row) => row.attemptedAt.length >= limit)
        // The attempt whose leaving the window frees a slot.
        .map((row) => row.attemptedAt[row.attemptedAt.length - limit].getTime() + WINDOW_SECONDS * 1000 - now.getTime());
      if (waits.length > 0) return { retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...waits) / 1000)) };
      await this.throttle.record(db, keys, now, WINDOW_SECONDS);
      return { attempt: { keys, at: now } };
    });
    await this.throttle.deleteExpired();
    if ('attempt' in outcome) return outcome.attempt;
    throw new LiaisonException(
      ErrorCode.UNAUTHENTICATED,
      `Too many login attempts: try again in ${outcome.retryAfterSeconds} seconds`,
      { retryAfterSeconds: outcome.retryAfterSeconds },
    );
  }

  /** A successful login does not use up an attempt, so colleagues behind one address can all sign in. */
  async forgive(attempt: LoginAttempt): Promise<void> {
    await this.throttle.forget(attempt.keys, attempt.at);
  }
}
