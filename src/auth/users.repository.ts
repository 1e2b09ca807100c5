import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from './role.enum';
import { User } from './user.model';

/** The columns of a User, read from the `users` table under the given alias. */
export function userColumns(alias = 'users'): string {
  return `${alias}.id, ${alias}.email, ${alias}.display_name AS "displayName", ${alias}.role,
  ${alias}.created_at AS "createdAt", ${alias}.updated_at AS "updatedAt", ${alias}.version,
  ${alias}.disabled_at AS "disabledAt"`;
}

const USER_COLUMNS = userColumns();

/** SQL for users; returns plain rows. Only the credentials reads return the hash. */
@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findByIds(ids: readonly string[], db: EntityManager = this.dataSource.manager): Promise<User[]> {
    if (ids.length === 0) return [];
    return db.query(`SELECT ${USER_COLUMNS} FROM users WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async findById(id: string, db?: EntityManager): Promise<User | undefined> {
    return (await this.findByIds([id], db))[0];
  }

  async findCredentials(email: string): Promise<(User & { passwordHash: string }) | undefined> {
    const rows = await this.dataSource.query(
      `SELECT ${USER_COLUMNS}, password_hash AS "passwordHash" FROM users WHERE email = $1`,
      [email],
    );
    return rows[0];
  }

  async findCredentialsById(id: string): Promise<(User & { passwordHash: string }) | undefined> {
    const rows = await this.dataSource.query(
      `SELECT ${USER_COLUMNS}, password_hash AS "passwordHash" FROM users WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  /** The user's row and hash, locked: a password change serialises with others on the same user. */
  async lockCredentials(id: string, db: EntityManager): Promise<(User & { passwordHash: string }) | undefined> {
    const rows = await db.query(
      `SELECT ${USER_COLUMNS}, password_hash AS "passwordHash" FROM users WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0];
  }

  async list(): Promise<User[]> {
    return this.dataSource.query(`SELECT ${USER_COLUMNS} FROM users ORDER BY email`);
  }

  async countActiveAdmins(db: EntityManager = this.dataSource.manager): Promise<number> {
    const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM users WHERE role = 'ADMIN' AND disabled_at IS NULL`);
    return count;
  }

  /** The user with this email (any letter case), locked for the rest of the transaction. */
  async lockByEmail(email: string, db: EntityManager): Promise<User | undefined> {
    const rows = await db.query(`SELECT ${USER_COLUMNS} FROM users WHERE email = $1 FOR UPDATE`, [email]);
    return rows[0];
  }

  /** Makes the user an enabled admin with this password hash, in one statement. */
  async makeActiveAdmin(id: string, passwordHash: string, db: EntityManager): Promise<User> {
    const rows = await db.query(
      `UPDATE users SET role = 'ADMIN', disabled_at = NULL, password_hash = $2, version = version + 1, updated_at = now()
       WHERE id = $1 RETURNING ${USER_COLUMNS}`,
      [id, passwordHash],
    );
    return rows[0][0];
  }

  /**
   * Locks every admin row and returns the active ones, so two concurrent
   * demotions or disablings cannot leave no active admin.
   */
  async lockActiveAdmins(db: EntityManager): Promise<string[]> {
    const rows: { id: string; disabled: boolean }[] = await db.query(
      `SELECT id, disabled_at IS NOT NULL AS disabled FROM users WHERE role = 'ADMIN' ORDER BY id FOR UPDATE`,
    );
    return rows.filter((row) => !row.disabled).map((row) => row.id);
  }

  async insert(
    user: { email: string; displayName: string; passwordHash: string; role: Role },
    db: EntityManager,
  ): Promise<User> {
    const rows = await db.query(
      `INSERT INTO users (email, display_name, password_hash, role) VALUES ($1, $2, $3, $4)
       ON CONFLICT (email) DO NOTHING RETURNING ${USER_COLUMNS}`,
      [user.email, user.displayName, user.passwordHash, user.role],
    );
    return rows[0];
  }

  async updateRole(id: string, role: Role, db: EntityManager): Promise<User> {
    const rows = await db.query(
      `UPDATE users SET role = $2, version = version + 1, updated_at = now() WHERE id = $1 RETURNING ${USER_COLUMNS}`,
      [id, role],
    );
    return rows[0][0];
  }

  async setDisabled(id: string, disabled: boolean, db: EntityManager): Promise<User> {
    const rows = await db.query(
      `UPDATE users SET disabled_at = CASE WHEN $2::boolean THEN now() END, version = version + 1, updated_at = now()
       WHERE id = $1 RETURNING ${USER_COLUMNS}`,
      [id, disabled],
    );
    return rows[0][0];
  }

  async updatePasswordHash(id: string, passwordHash: string, db: EntityManager): Promise<User> {
    const rows = await db.query(
      `UPDATE users SET password_hash = $2, version = version + 1, updated_at = now() WHERE id = $1 RETURNING ${USER_COLUMNS}`,
      [id, passwordHash],
    );
    return rows[0][0];
  }
}
