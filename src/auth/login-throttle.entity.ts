import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Recent login attempts of one account, one client address, or one account
 * from one client address, shared by every
 * app instance on the database. UNLOGGED in the migration: after a crash the
 * counters start from zero, which costs nothing but a minute of protection.
 */
@Entity({ name: 'login_throttle' })
@Index('login_throttle_expires_at_idx', ['expiresAt'])
export class LoginThrottleEntity {
  /** `account:<email, lower case>`, `address:<client address>`, or `pair:<SHA-256 of both>`. */
  @PrimaryColumn({ type: 'varchar', length: 300, primaryKeyConstraintName: 'login_throttle_pkey' })
  key: string;

  /** When the attempts still inside the window were made, oldest first. */
  @Column({ name: 'attempted_at', type: 'timestamptz', array: true, default: () => "'{}'" })
  attemptedAt: Date[];

  /** When the newest attempt leaves the window; rows past it are deleted. */
  @Column({ name: 'expires_at', type: 'timestamptz', precision: 3 })
  expiresAt: Date;
}
