import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Db, Table } from '../database/table';
import { Team } from './team.model';

export const teamsTable = new Table<Team>({
  table: 'teams',
  alias: 'tm',
  recordType: 'Team',
  columns: {
    id: 'id',
    name: 'name',
    description: 'description',
    archivedAt: 'archived_at',
    createdAt: 'created_at',
    updatedAt: 'updated_at',
    version: 'version',
  },
  writable: ['name', 'description'],
});

/** SQL for teams and their members. */
@Injectable()
export class TeamsRepository {
  readonly teams = teamsTable;

  constructor(private readonly dataSource: DataSource) {}

  findByIds(ids: readonly string[]): Promise<Team[]> {
    return this.teams.findByIds(this.dataSource.manager, ids);
  }

  /** Unarchived teams (all with `includeArchived`), by folded name. */
  list(includeArchived: boolean): Promise<Team[]> {
    return this.dataSource.query(
      `SELECT ${this.teams.select} FROM ${this.teams.from}
       ${includeArchived ? '' : 'WHERE tm.archived_at IS NULL'}
       ORDER BY liaison_fold(tm.name) COLLATE "C", tm.id`,
    );
  }

  /** The id of the team whose folded name equals `name`'s, if any. */
  async idByName(db: Db, name: string): Promise<string | undefined> {
    const [row] = await db.query(`SELECT id FROM teams WHERE liaison_fold(name) = liaison_fold($1)`, [name]);
    return row?.id;
  }

  /** Member user ids of each team, in joining order. */
  membersOf(teamIds: readonly string[]): Promise<{ teamId: string; userId: string }[]> {
    return this.dataSource.query(
      `SELECT team_id AS "teamId", user_id AS "userId" FROM team_members
       WHERE team_id = ANY($1::uuid[]) ORDER BY created_at, user_id`,
      [teamIds],
    );
  }

  /** Teams of each user, by folded team name. */
  teamsOfUsers(userIds: readonly string[], db: Db = this.dataSource.manager): Promise<(Team & { userId: string })[]> {
    return db.query(
      `SELECT m.user_id AS "userId", ${this.teams.select}
       FROM team_members m JOIN teams tm ON tm.id = m.team_id
       WHERE m.user_id = ANY($1::uuid[]) AND tm.archived_at IS NULL
       ORDER BY liaison_fold(tm.name) COLLATE "C", tm.id`,
      [userIds],
    );
  }

  /** Adds the member; false when they already were one. */
  async addMember(db: Db, teamId: string, userId: string): Promise<boolean> {
    const rows = await db.query(
      `INSERT INTO team_members (team_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING user_id`,
      [teamId, userId],
    );
    return rows.length > 0;
  }

  async removeMember(db: Db, teamId: string, userId: string): Promise<boolean> {
    const [rows] = await db.query(`DELETE FROM team_members WHERE team_id = $1 AND user_id = $2 RETURNING user_id`, [teamId, userId]);
    return rows.length > 0;
  }

  /** Bumps the team's version and updated_at, so a membership change shows on the team. */
  touch(db: Db, teamId: string): Promise<Team> {
    return this.teams.update(db, teamId, {});
  }

  async userExists(db: Db, userId: string): Promise<boolean> {
    const rows = await db.query(`SELECT 1 FROM users WHERE id = $1`, [userId]);
    return rows.length > 0;
  }
}
