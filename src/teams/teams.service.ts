import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { User } from '../auth/user.model';
import { UsersService } from '../auth/users.service';
import { byKeys, groupByKeys, LoaderRegistry } from '../common/dataloader/loader-registry';
import { LiaisonException } from '../common/errors/liaison.exception';
import { Db } from '../database/table';
import { CreateTeamInput, UpdateTeamInput } from './dto/team.input';
import { Team } from './team.model';
import { TeamsRepository } from './teams.repository';

/** Teams and who is in them; only admins change them (the resolver says so). */
@Injectable()
export class TeamsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: TeamsRepository,
    private readonly users: UsersService,
  ) {}

  byId(loaders: LoaderRegistry) {
    return loaders.get<string, Team | null>('team.byId', async (ids) =>
      byKeys(ids, await this.repository.findByIds(ids), (row) => row.id),
    );
  }

  async get(id: string): Promise<Team> {
    const [team] = await this.repository.findByIds([id]);
    if (!team) throw LiaisonException.notFound('Team', id);
    return team;
  }

  list(includeArchived = false): Promise<Team[]> {
    return this.repository.list(includeArchived);
  }

  create(input: CreateTeamInput): Promise<Team> {
    return this.dataSource.transaction(async (db) => {
      await this.assertNameFree(db, input.name);
      return this.repository.teams.insert(db, { name: input.name, description: input.description ?? null });
    });
  }

  update(id: string, expectedVersion: number, input: UpdateTeamInput): Promise<Team> {
    if (input.name === null) throw LiaisonException.badInput('input.name', 'name cannot be cleared');
    return this.dataSource.transaction(async (db) => {
      if (input.name) await this.assertNameFree(db, input.name, id);
      return this.repository.teams.updateVersioned(db, id, expectedVersion, input);
    });
  }

  /** Archived teams keep their members and records; they are left out of `teams` and `User.teams`. */
  setArchived(id: string, archived: boolean): Promise<Team> {
    return this.dataSource.transaction((db) => this.repository.teams.setArchived(db, id, archived));
  }

  /** Adds a member (harmless when they already are one); the team's version goes up. */
  addMember(teamId: string, userId: string): Promise<Team> {
    return this.dataSource.transaction(async (db) => {
      await this.repository.teams.lock(db, teamId, 'teamId');
      if (!(await this.repository.userExists(db, userId))) throw LiaisonException.notFound('User', userId, 'userId');
      const added = await this.repository.addMember(db, teamId, userId);
      return added ? this.repository.touch(db, teamId) : this.repository.teams.getById(db, teamId, 'teamId');
    });
  }

  /** Removes a member at once: from the next request on, they no longer see the team's confidential records. */
  removeMember(teamId: string, userId: string): Promise<Team> {
    return this.dataSource.transaction(async (db) => {
      await this.repository.teams.lock(db, teamId, 'teamId');
      const removed = await this.repository.removeMember(db, teamId, userId);
      if (!removed) throw LiaisonException.notFound('Team member', userId, 'userId');
      return this.repository.touch(db, teamId);
    });
  }

  async membersOf(teamId: string, loaders: LoaderRegistry): Promise<User[]> {
    const links = await loaders
      .get<string, { teamId: string; userId: string }[]>('team.members', async (ids) =>
        groupByKeys(ids, await this.repository.membersOf(ids), (row) => row.teamId),
      )
      .load(teamId);
    const users = await this.users.byId(loaders).loadMany(links.map((link) => link.userId));
    return users.filter((user): user is User => user !== null && !(user instanceof Error));
  }

  teamsOf(userId: string, loaders: LoaderRegistry): Promise<Team[]> {
    return loaders
      .get<string, Team[]>('user.teams', async (ids) =>
        groupByKeys(ids, await this.repository.teamsOfUsers(ids), (row) => row.userId),
      )
      .load(userId);
  }

  /** Unarchived teams of one user, inside a transaction (a confidential record's default team). */
  async teamIdsOfUser(db: Db, userId: string): Promise<string[]> {
    return (await this.repository.teamsOfUsers([userId], db)).map((team) => team.id);
  }

  /** NOT_FOUND on `field` unless the team exists and is not archived. */
  async assertActiveTeam(db: Db, teamId: string, field: string): Promise<void> {
    const team = await this.repository.teams.findById(db, teamId);
    if (!team || team.archivedAt) throw LiaisonException.notFound('Team', teamId, field);
  }

  private async assertNameFree(db: Db, name: string, exceptId?: string): Promise<void> {
    const existing = await this.repository.idByName(db, name);
    if (existing && existing !== exceptId) {
      throw LiaisonException.conflict(`A team named ${name} already exists`, { field: 'input.name' });
    }
  }
}
