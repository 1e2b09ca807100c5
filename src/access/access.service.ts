import { Injectable } from '@nestjs/common';
import { User } from '../auth/user.model';
import { UsersService } from '../auth/users.service';
import { groupByKeys, LoaderRegistry } from '../common/dataloader/loader-registry';
import { LiaisonException } from '../common/errors/liaison.exception';
import { Db } from '../database/table';
import { TeamsService } from '../teams/teams.service';
import { GuardedRecord, Viewer } from './access-policy';
import { AccessRepository } from './access.repository';
import { Confidentiality } from './confidentiality.enum';

/** The confidentiality fields a lead or meeting input may carry. */
export interface ConfidentialityInput {
  confidentiality?: Confidentiality | null;
  teamId?: string | null;
  sharedWithUserIds?: string[] | null;
}

export interface ConfidentialityValues {
  confidentiality?: Confidentiality;
  teamId?: string | null;
}

/**
 * Writes who may see a lead or meeting: its confidentiality, team and named
 * extra users. Reading is the policy's job (access-policy.ts); this service
 * only checks and stores the inputs.
 */
@Injectable()
export class AccessService {
  constructor(
    private readonly repository: AccessRepository,
    private readonly teams: TeamsService,
    private readonly users: UsersService,
  ) {}

  /**
   * The columns to write. A record made CONFIDENTIAL without a team gets the
   * only team of `teamOf` (a lead's owner, a meeting's creator); several
   * teams need an explicit teamId, none leaves the record to its owner,
   * named users and admins.
   */
  async values(
    db: Db,
    input: ConfidentialityInput,
    context: { teamOf: string | null; fieldPrefix: string; current?: { confidentiality: Confidentiality; teamId: string | null } },
  ): Promise<ConfidentialityValues> {
    const { fieldPrefix, current } = context;
    if (input.confidentiality === null) throw LiaisonException.badInput(`${fieldPrefix}confidentiality`, 'confidentiality cannot be cleared');
    if (input.teamId) await this.teams.assertActiveTeam(db, input.teamId, `${fieldPrefix}teamId`);
    const values: ConfidentialityValues = {};
    if (input.confidentiality) values.confidentiality = input.confidentiality;
    if (input.teamId !== undefined) values.teamId = input.teamId;
    const confidentiality = values.confidentiality ?? current?.confidentiality ?? Confidentiality.INTERNAL;
    const teamId = values.teamId !== undefined ? values.teamId : (current?.teamId ?? null);
    if (confidentiality === Confidentiality.CONFIDENTIAL && teamId === null && input.teamId === undefined) {
      const teamIds = context.teamOf ? await this.teams.teamIdsOfUser(db, context.teamOf) : [];
      if (teamIds.length > 1) {
        throw LiaisonException.badInput(
          `${fieldPrefix}teamId`,
          'The owner is in several teams: name the team this confidential record belongs to',
        );
      }
      values.teamId = teamIds[0] ?? null;
    }
    return values;
  }

  /**
   * After the record is written: replaces its named extra users when given,
   * and names the acting user if the record would otherwise vanish from
   * their sight (someone who marks a record confidential keeps seeing it).
   */
  async afterWrite(db: Db, record: GuardedRecord, recordId: string, input: ConfidentialityInput, actor: Viewer, fieldPrefix: string) {
    const grantedBy = actor.kind === 'USER' ? actor.userId : null;
    if (input.sharedWithUserIds !== undefined) {
      const ids = [...new Set(input.sharedWithUserIds ?? [])];
      const existing = await this.repository.existingUserIds(db, ids);
      const missing = (input.sharedWithUserIds ?? []).findIndex((id) => !existing.has(id));
      if (missing >= 0) {
        throw LiaisonException.notFound('User', input.sharedWithUserIds![missing], `${fieldPrefix}sharedWithUserIds.${missing}`);
      }
      await this.repository.replaceSharedWith(db, record, recordId, ids, grantedBy);
    }
    if (actor.kind === 'USER' && !(await this.repository.sees(db, record, recordId, actor))) {
      await this.repository.grant(db, record, recordId, [actor.userId], grantedBy);
    }
  }

  async sharedWith(record: GuardedRecord, recordId: string, loaders: LoaderRegistry): Promise<User[]> {
    const links = await loaders
      .get<string, { recordId: string; userId: string }[]>(`${record}.sharedWith`, async (ids) =>
        groupByKeys(ids, await this.repository.sharedWithOf(record, ids), (row) => row.recordId),
      )
      .load(recordId);
    const users = await this.users.byId(loaders).loadMany(links.map((link) => link.userId));
    return users.filter((user): user is User => user !== null && !(user instanceof Error));
  }
}
