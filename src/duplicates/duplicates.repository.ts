import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SqlParams } from '../database/sql';
import { Db } from '../database/table';
import { EmailAddress, PhoneNumber } from '../people/person.model';
import { DuplicateReason, DuplicateType } from './duplicate.enums';

export interface PairRow {
  lowId: string;
  highId: string;
  score: number;
  reasons: DuplicateReason[];
}

export interface MatchRow {
  id: string;
  score: number;
  reasons: DuplicateReason[];
}

/** What a person would be stored with: emails lower-cased, phones in E.164. */
export interface PersonMatchValues {
  givenName: string;
  familyName: string;
  emails: EmailAddress[];
  phones: PhoneNumber[];
  organisationIds: string[];
}

export interface OrganisationMatchValues {
  name: string;
  website?: string | null;
  city?: string | null;
}

const NOT_DISMISSED = `NOT EXISTS (SELECT 1 FROM duplicate_dismissals dd
  WHERE dd.record_type = dp.record_type AND dd.low_id = dp.low_id AND dd.high_id = dp.high_id)`;

/** numeric comes back from pg as text. */
function scored<T extends { score: unknown }>(rows: T[]): (T & { score: number })[] {
  return rows.map((row) => ({ ...row, score: Number(row.score) }));
}

/**
 * SQL over the duplicate pairs the database keeps (migration
 * 1795750000000-DuplicatesAndMerges) and over its matching functions, the
 * one definition of "may be the same" for every caller.
 */
@Injectable()
export class DuplicatesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Best first: score, then the ids. `after` is the last row's [score, lowId, highId]. */
  async findPage(type: DuplicateType, first: number, after?: [number, string, string]): Promise<PairRow[]> {
    const params = new SqlParams();
    const where = [`dp.record_type = ${params.add(type)}`, NOT_DISMISSED];
    if (after) {
      const [score, low, high] = [params.add(after[0]), params.add(after[1]), params.add(after[2])];
      where.push(`(dp.score < ${score}::numeric OR (dp.score = ${score}::numeric AND (dp.low_id, dp.high_id) > (${low}::uuid, ${high}::uuid)))`);
    }
    const rows: PairRow[] = await this.dataSource.query(
      `SELECT dp.low_id AS "lowId", dp.high_id AS "highId", dp.score, dp.reasons FROM duplicate_pairs dp
       WHERE ${where.join(' AND ')}
       ORDER BY dp.score DESC, dp.low_id, dp.high_id LIMIT ${params.add(first + 1)}`,
      params.values,
    );
    return scored(rows);
  }

  async count(type: DuplicateType): Promise<number> {
    const [{ count }] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM duplicate_pairs dp WHERE dp.record_type = $1 AND ${NOT_DISMISSED}`,
      [type],
    );
    return count;
  }

  /** Each record's best `limit` candidates, not dismissed, best first. */
  async topFor(type: DuplicateType, ids: readonly string[], limit: number): Promise<(MatchRow & { forId: string })[]> {
    if (ids.length === 0) return [];
    const rows = await this.dataSource.query(
      `SELECT x.id AS "forId", d.id, d.score, d.reasons FROM unnest($2::uuid[]) AS x(id)
       CROSS JOIN LATERAL (
         SELECT CASE WHEN dp.low_id = x.id THEN dp.high_id ELSE dp.low_id END AS id, dp.score, dp.reasons
         FROM duplicate_pairs dp
         WHERE dp.record_type = $1 AND (dp.low_id = x.id OR dp.high_id = x.id) AND ${NOT_DISMISSED}
         ORDER BY dp.score DESC, 1 LIMIT $3) d`,
      [type, ids, limit],
    );
    return scored(rows);
  }

  /** Which of the two kinds both ids are, or null when they are not two records of one kind. */
  async typeOfPair(db: Db, a: string, b: string): Promise<DuplicateType | null> {
    const [row] = await db.query(
      `SELECT (SELECT count(*) FROM people WHERE id IN ($1, $2))::int AS people,
              (SELECT count(*) FROM organisations WHERE id IN ($1, $2))::int AS organisations`,
      [a, b],
    );
    if (row.people === 2) return DuplicateType.PERSON;
    if (row.organisations === 2) return DuplicateType.ORGANISATION;
    return null;
  }

  async dismiss(db: Db, type: DuplicateType, a: string, b: string, userId: string): Promise<void> {
    const [low, high] = a < b ? [a, b] : [b, a];
    await db.query(
      `INSERT INTO duplicate_dismissals (record_type, low_id, high_id, dismissed_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [type, low, high, userId],
    );
  }

  /** People who may be the one described, best first (liaison_match_people). */
  async matchPeople(db: Db, values: PersonMatchValues, excludeId?: string): Promise<MatchRow[]> {
    const rows = await db.query(
      `SELECT m.match_id AS id, m.match_score AS score, m.match_reasons AS reasons
       FROM liaison_match_people($1, $2, $3::jsonb, $4::jsonb, $5::uuid[], $6::uuid) m`,
      [
        values.givenName,
        values.familyName,
        JSON.stringify(values.emails),
        JSON.stringify(values.phones),
        values.organisationIds,
        excludeId ?? null,
      ],
    );
    return scored(rows);
  }

  /** Organisations that may be the one described, best first (liaison_match_organisations). */
  async matchOrganisations(db: Db, values: OrganisationMatchValues, excludeId?: string): Promise<MatchRow[]> {
    const rows = await db.query(
      `SELECT m.match_id AS id, m.match_score AS score, m.match_reasons AS reasons
       FROM liaison_match_organisations($1, $2, $3, $4::uuid) m`,
      [values.name, values.website ?? null, values.city ?? null, excludeId ?? null],
    );
    return scored(rows);
  }
}
