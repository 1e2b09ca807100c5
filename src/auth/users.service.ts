import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { byKeys, LoaderRegistry } from '../common/dataloader/loader-registry';
import { LiaisonException } from '../common/errors/liaison.exception';
import { ADVISORY_LOCKS } from '../database/sql';
import { CreateUserInput } from './dto/create-user.input';
import { hashPassword } from './password';
import { Role } from './role.enum';
import { User } from './user.model';
import { UsersRepository } from './users.repository';


export interface InitialAdmin {
  email: string;
  /** Set only when the password was generated, to be shown once. */
  generatedPassword?: string;
}

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
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
      const adminIds = await this.users.lockAdmins(db);
      const user = await this.users.findById(userId, db);
      if (!user) throw LiaisonException.notFound('User', userId, 'userId');
      if (user.role === Role.ADMIN && role !== Role.ADMIN && adminIds.length === 1) {
        throw LiaisonException.conflict('The last admin cannot lose the ADMIN role', { field: 'role' });
      }
      return this.users.updateRole(userId, role, db);
    });
  }

  /**
   * On first start (no user at all) creates an admin from the configured
   * email and password, or generates a password to be shown once.
   */
  async ensureInitialAdmin(email: string, password?: string): Promise<InitialAdmin | undefined> {
    if ((await this.users.count()) > 0) return undefined;
    const generatedPassword = password ? undefined : randomBytes(18).toString('base64url');
    const passwordHash = await hashPassword(password ?? generatedPassword!);
    const created = await this.dataSource.transaction(async (db) => {
      // Serialises first-start admin creation across app instances sharing one database.
      await db.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.initialAdmin]);
      if ((await this.users.count(db)) > 0) return undefined;
      return this.users.insert({ email, displayName: 'Administrator', passwordHash, role: Role.ADMIN }, db);
    });
    return created ? { email: created.email, generatedPassword } : undefined;
  }
}
