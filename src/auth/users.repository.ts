import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from './role.enum';
import { User } from './user.model';

const USER_COLUMNS = `id, email, display_name AS "displayName", role,
  created_at AS "createdAt", updated_at AS "updatedAt", version`;

/** SQL for users; returns plain rows. Only findCredentials reads the hash. */
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

  async list(): Promise<User[]> {
    return this.dataSource.query(`SELECT ${USER_COLUMNS} FROM users ORDER BY email`);
  }

  async count(db: EntityManager = this.dataSource.manager): Promise<number> {
    const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM users`);
    return count;
  }

  /** Locks every admin row, so two concurrent demotions cannot leave no admin. */
  async lockAdmins(db: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await db.query(`SELECT id FROM users WHERE role = 'ADMIN' ORDER BY id FOR UPDATE`);
    return rows.map((row) => row.id);
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
}
