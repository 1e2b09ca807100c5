import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Role } from '../auth/role.enum';
import { groupByKeys, LoaderRegistry } from '../common/dataloader/loader-registry';
import { LiaisonException } from '../common/errors/liaison.exception';
import { Connection, decodeCursor, toConnection } from '../common/graphql/connection';
import { Db } from '../database/table';
import { DuplicateReason, DuplicateType } from './duplicate.enums';
import { DuplicateCandidate } from './duplicate.model';
import { DuplicatesRepository, MatchRow, OrganisationMatchValues, PersonMatchValues } from './duplicates.repository';

/** How many possible duplicates a record shows. */
export const POSSIBLE_DUPLICATES = 5;

/** A new contact is taken for a known person only on this evidence, never on a name alone. */
const CONTACT_EVIDENCE = [DuplicateReason.SAME_EMAIL, DuplicateReason.SAME_PHONE];

@Injectable()
export class DuplicatesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: DuplicatesRepository,
  ) {}

  async candidates(type: DuplicateType, first: number, after?: string): Promise<Connection<DuplicateCandidate>> {
    const cursor = after ? decodeCursor(after, 3) : undefined;
    if (cursor && (typeof cursor[0] !== 'number' || typeof cursor[1] !== 'string' || typeof cursor[2] !== 'string')) {
      throw LiaisonException.badInput('after', 'after is not a valid cursor');
    }
    const rows = await this.repository.findPage(type, first, cursor as [number, string, string] | undefined);
    return toConnection(
      rows,
      first,
      after,
      (row) => ({ type, ids: [row.lowId, row.highId], score: row.score, reasons: row.reasons }),
      (row) => [row.score, row.lowId, row.highId],
      () => this.repository.count(type),
    );
  }

  /** Each record's best candidates, through one statement per batch of the request. */
  possibleDuplicates(type: DuplicateType, loaders: LoaderRegistry) {
    return loaders.get<string, MatchRow[]>(`duplicates.top.${type}`, async (ids) =>
      groupByKeys(ids, await this.repository.topFor(type, ids, POSSIBLE_DUPLICATES), (row) => row.forId),
    );
  }

  /** The pair is never offered again. Both must be people, or both organisations. */
  async dismiss(caller: { id: string; role: Role }, a: string, b: string): Promise<boolean> {
    if (caller.role === Role.VIEWER) throw LiaisonException.forbidden();
    if (a === b) throw LiaisonException.badInput('b', 'a and b are the same record');
    return this.dataSource.transaction(async (db) => {
      const type = await this.repository.typeOfPair(db, a, b);
      if (!type) throw LiaisonException.badInput('b', 'a and b must be two people or two organisations');
      await this.repository.dismiss(db, type, a, b, caller.id);
      return true;
    });
  }

  /**
   * The known person a contact met for the first time really is: one who
   * has one of its email addresses or phone numbers, the best such match;
   * null when there is none. Runs in the caller's transaction, so a contact
   * created earlier in it counts.
   */
  async knownContactIn(db: Db, values: PersonMatchValues): Promise<MatchRow | null> {
    if (values.emails.length === 0 && values.phones.length === 0) return null;
    const matches = await this.repository.matchPeople(db, values);
    return matches.find((match) => match.reasons.some((reason) => CONTACT_EVIDENCE.includes(reason))) ?? null;
  }

  /** Everyone who may be the person described, best first: for imports and other callers with a transaction. */
  matchPeopleIn(db: Db, values: PersonMatchValues): Promise<MatchRow[]> {
    return this.repository.matchPeople(db, values);
  }

  matchOrganisationsIn(db: Db, values: OrganisationMatchValues): Promise<MatchRow[]> {
    return this.repository.matchOrganisations(db, values);
  }
}
