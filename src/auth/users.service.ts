import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { byKeys, LoaderRegistry } from '../common/dataloader/loader-registry';
import { LiaisonException } from '../common/errors/liaison.exception';
import { ADVISORY_LOCKS } from '../database/sql';
import { CreateUserInput } from './dto/create-user.input';
import { hashPassword, verifyPassword } from './password';
import { Principal } from './principal';
import { Role } from './role.enum';
import { SessionsRepository } from './sessions.repository';
import { User } from './user.model';
import { LoginThrottleService } from './login-throttle.service';
import { UsersRepository } from './users.repository';

/** What `ensureInitialAdmin` did. */
export type InitialAdminOutcome =
  | { outcome: 'ADMIN_EXISTS' }
  /** `generatedPassword` is set only when the password was generated, to be shown once. */
  | { outcome: 'CREATED'; email: string; generatedPassword?: string }
  /** No active admin, but the email belongs to a user who is not one: not promoted silently (it may be a demo account). */
  | { outcome: 'EMAIL_TAKEN'; email: string };

export interface AdminSet {
  user: User;
  created: boolean;
  /** Set only when the password was generated, to be shown once. */
  generatedPassword?: string;
}

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly throttle: LoginThrottleService,
  ) {}

  /** The request's loader of users by id (null for an unknown id). */
  byId(loaders: LoaderRegistry) {
    return loaders.get<string, User | null>('user.byId', async (ids) => byKeys(ids, await this.users.findByIds(ids), (row) => row.id));
  }

  list(): Promise<User[]> {
    return this.users.list();
  }

  async createUser(input: CreateUserInput): Promise<User> {
    const passwordHash = await hashPassword(input.password);
    const user = await this.dataSource.transaction((db) =>
      this.users.insert({ email: input.email, displayName: input.displayName, passwordHash, role: input.role }, db),
    );
    if (!user) {
      throw LiaisonException.conflict(`A user with email ${input.email} already exists`, { field: 'email' });
    }
    this.logger.log(`Created user ${user.id} with role ${user.role}`);
    return user;
  }

  async changeUserRole(userId: string, role: Role): Promise<User> {
    return this.dataSource.transaction(async (db) => {
      const activeAdminIds = await this.users.lockActiveAdmins(db);
      const user = await this.users.findById(userId, db);
      if (!user) throw LiaisonException.notFound('User', userId, 'userId');
      if (role !== Role.ADMIN && isLastActiveAdmin(userId, activeAdminIds)) {
        throw LiaisonException.conflict('The last admin cannot lose the ADMIN role', { field: 'role' });
      }
      return this.users.updateRole(userId, role, db);
    });
  }

  /** Disables a user at once: no login, and their sessions end (API keys they created pause). */
  async disableUser(userId: string): Promise<User> {
    const user = await this.dataSource.transaction(async (db) => {
      const activeAdminIds = await this.users.lockActiveAdmins(db);
      const found = await this.users.findById(userId, db);
      if (!found) throw LiaisonException.notFound('User', userId, 'userId');
      if (found.disabledAt) return found;
      if (isLastActiveAdmin(userId, activeAdminIds)) {
        throw LiaisonException.conflict('The last active admin cannot be disabled', { field: 'userId' });
      }
      await this.sessions.revokeAllOfUser(userId, 'USER_DISABLED', db);
      return this.users.setDisabled(userId, true, db);
    });
    this.logger.log(`Disabled user ${user.id}`);
    return user;
  }

  /** Lets a disabled user log in again; their old sessions stay ended. */
  async enableUser(userId: string): Promise<User> {
    return this.dataSource.transaction(async (db) => {
      const found = await this.users.findById(userId, db);
      if (!found) throw LiaisonException.notFound('User', userId, 'userId');
      if (!found.disabledAt) return found;
      return this.users.setDisabled(userId, false, db);
    });
  }

  /** The caller changes their own password; their other sessions end. */
  async changePassword(principal: Principal, oldPassword: string, newPassword: string, clientAddress: string): Promise<boolean> {
    if (!principal.sessionId) throw LiaisonException.forbidden('API keys have no password');
    // Guessing the old password here is throttled like login: a stolen access token must not become a password oracle.
    const attempt = await this.throttle.begin(principal.user.email, clientAddress);
    const current = await this.users.findCredentialsById(principal.userId);
    if (!current || !(await verifyPassword(current.passwordHash, oldPassword))) {
      throw LiaisonException.badInput('oldPassword', 'oldPassword is not the current password');
    }
    await this.throttle.forgive(attempt);
    if (oldPassword === newPassword) {
      throw LiaisonException.badInput('newPassword', 'newPassword must differ from the current password');
    }
    // Hashed before the transaction: argon2 takes a while and must not hold a connection or a lock.
    const passwordHash = await hashPassword(newPassword);
    await this.dataSource.transaction(async (db) => {
      const locked = await this.users.lockCredentials(current.id, db);
      if (locked?.passwordHash !== current.passwordHash) {
        throw LiaisonException.conflict('The password was changed meanwhile', { field: 'oldPassword' });
      }
      await this.users.updatePasswordHash(current.id, passwordHash, db);
      await this.sessions.revokeAllOfUser(current.id, 'PASSWORD_CHANGE', db, principal.sessionId);
    });
    this.logger.log(`User ${current.id} changed their password`);
    return true;
  }

  /** An admin sets a user's password; all of that user's sessions end. */
  async resetUserPassword(userId: string, newPassword: string): Promise<User> {
    const passwordHash = await hashPassword(newPassword);
    const user = await this.dataSource.transaction(async (db) => {
      if (!(await this.users.lockCredentials(userId, db))) throw LiaisonException.notFound('User', userId, 'userId');
      const updated = await this.users.updatePasswordHash(userId, passwordHash, db);
      await this.sessions.revokeAllOfUser(userId, 'PASSWORD_RESET', db);
      return updated;
    });
    this.logger.log(`Reset the password of user ${userId}`);
    return user;
  }

  /**
   * Whenever no active admin exists (the first start, or a database that
   * the demo seed filled before it), creates one from the configured email
   * and password, or generates a password to be shown once.
   */
  async ensureInitialAdmin(email: string, password?: string): Promise<InitialAdminOutcome> {
    if ((await this.users.countActiveAdmins()) > 0) return { outcome: 'ADMIN_EXISTS' };
    const generatedPassword = password ? undefined : generatePassword();
    const passwordHash = await hashPassword(password ?? generatedPassword!);
    return this.dataSource.transaction(async (db): Promise<InitialAdminOutcome> => {
      // Serialises first-start admin creation across app instances (and a seed) sharing one database.
      await db.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.initialAdmin]);
      if ((await this.users.countActiveAdmins(db)) > 0) return { outcome: 'ADMIN_EXISTS' };
      const created = await this.users.insert({ email, displayName: 'Administrator', passwordHash, role: Role.ADMIN }, db);
      if (!created) return { outcome: 'EMAIL_TAKEN', email };
      return { outcome: 'CREATED', email: created.email, generatedPassword };
    });
  }

  /**
   * `npm run admin -- create EMAIL`, for whoever may run commands on the
   * server (there is no caller to check: the API offers no such operation):
   * makes EMAIL an enabled admin with a new password, creating the user if
   * there is none; an existing user's sessions end, as on a password reset.
   */
  async createOrResetAdmin(email: string, password?: string): Promise<AdminSet> {
    const generatedPassword = password ? undefined : generatePassword();
    // Hashed before the transaction: argon2 takes a while and must not hold a lock.
    const passwordHash = await hashPassword(password ?? generatedPassword!);
    const { user, created } = await this.dataSource.transaction(async (db) => {
      const existing = await this.users.lockByEmail(email, db);
      if (!existing) {
        const inserted = await this.users.insert({ email, displayName: 'Administrator', passwordHash, role: Role.ADMIN }, db);
        // Another process inserted that email between our read and our insert.
        if (!inserted) throw LiaisonException.conflict(`A user with email ${email} was created meanwhile: run the command again`, { field: 'email' });
        return { user: inserted, created: true };
      }
      const updated = await this.users.makeActiveAdmin(existing.id, passwordHash, db);
      await this.sessions.revokeAllOfUser(existing.id, 'PASSWORD_RESET', db);
      return { user: updated, created: false };
    });
    this.logger.log(`${created ? 'Created' : 'Reset'} admin ${user.id} from the command line`);
    return { user, created, generatedPassword };
  }
}

/** A password for an admin nobody chose one for: 144 random bits. */
function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

function isLastActiveAdmin(userId: string, activeAdminIds: string[]): boolean {
  return activeAdminIds.length === 1 && activeAdminIds[0] === userId;
}
