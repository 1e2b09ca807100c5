import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Db } from '../database/table';
import { canonicalJson, changedColumns, LinkChange, LinkSpec, Row } from './merge-links';

export type MergedTable = 'people' | 'organisations';

export interface MergeRow {
  id: string;
  recordType: 'PERSON' | 'ORGANISATION';
  survivorId: string;
  mergedId: string;
  mergedRow: Row;
  survivorBefore: Row;
  survivorAfter: Row;
  links: LinkChange[];
  mergedBy: string | null;
  mergedAt: Date;
  unmergedBy: string | null;
  unmergedAt: Date | null;
  /** Computed: whether the 30 days to undo it have not passed. */
  undoable: boolean;
}

/** How long a merge can be undone. */
export const UNMERGE_DAYS = 30;

const MERGE_COLUMNS = `rm.id, rm.record_type AS "recordType", rm.survivor_id AS "survivorId", rm.merged_id AS "mergedId",
  rm.merged_row AS "mergedRow", rm.survivor_before AS "survivorBefore", rm.survivor_after AS "survivorAfter", rm.links,
  rm.merged_by AS "mergedBy", rm.merged_at AS "mergedAt", rm.unmerged_by AS "unmergedBy", rm.unmerged_at AS "unmergedAt",
  rm.merged_at > now() - interval '${UNMERGE_DAYS} days' AS undoable`;

const IDENTIFIER = /^[a-z_]+$/;

function identifiers(names: readonly string[]): string[] {
  for (const name of names) if (!IDENTIFIER.test(name)) throw new Error(`not a column name: ${name}`);
  return [...names];
}

/** `(r.a, r.b) IN (the key columns of the rows in the jsonb array $n)` */
function keyIn(spec: LinkSpec, alias: string, param: string): string {
  const key = identifiers(spec.key);
  return `(${key.map((k) => `${alias}.${k}`).join(', ')}) IN
    (SELECT ${key.map((k) => `x.${k}`).join(', ')} FROM jsonb_populate_recordset(NULL::${spec.table}, ${param}::jsonb) x)`;
}

/** `(r.a, r.b) = (the key columns of the row image $n)` */
function keyIs(spec: LinkSpec, alias: string, param: string): string {
  const key = identifiers(spec.key);
  return `(${key.map((k) => `${alias}.${k}`).join(', ')}) =
    (SELECT ${key.map((k) => `x.${k}`).join(', ')} FROM jsonb_populate_record(NULL::${spec.table}, ${param}::jsonb) x)`;
}

/**
 * SQL of merges: row images of the two records, the link rows a merge moves
 * or removes (and puts back), and the record_merges rows that remember it.
 * Link statements read and write every row, confidential or not: a merge
 * must move them all, and nothing here is shown to the caller.
 */
@Injectable()
export class MergesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The row as jsonb (column names as stored), locked for the rest of the transaction. */
  async lockImage(db: Db, table: MergedTable, id: string): Promise<Row | undefined> {
    const [row] = await db.query(`SELECT to_jsonb(r) AS image FROM ${table} r WHERE r.id = $1 FOR UPDATE`, [id]);
    return row?.image;
  }

  async deleteRecord(db: Db, table: MergedTable, id: string): Promise<Row> {
    const [rows] = await db.query(`DELETE FROM ${table} r WHERE r.id = $1 RETURNING to_jsonb(r) AS image`, [id]);
    return rows[0].image;
  }

  /** Puts a deleted row back as it was, id and timestamps included. */
  async reinsert(db: Db, table: string, image: Row): Promise<void> {
    await db.query(`INSERT INTO ${identifiers([table])[0]} SELECT * FROM jsonb_populate_record(NULL::${table}, $1::jsonb)`, [
      JSON.stringify(image),
    ]);
  }

  /**
   * Sets `columns` of the record to their values in `image`. The version
   * moves on even with no column: the record's links changed.
   */
  async restoreColumns(db: Db, table: MergedTable, id: string, image: Row, columns: readonly string[]): Promise<void> {
    const sets = [...identifiers(columns).map((c) => `${c} = b.${c}`), 'version = r.version + 1', 'updated_at = now()'];
    await db.query(
      `UPDATE ${table} AS r SET ${sets.join(', ')}
       FROM jsonb_populate_record(NULL::${table}, $1::jsonb) b WHERE r.id = $2`,
      [JSON.stringify(image), id],
    );
  }

  /**
   * Moves the merged record's rows of one link table to the survivor.
   * Doubles keep the richer row (the survivor's on a tie) and drop the other;
   * a row that would link the survivor to itself is dropped. Returns every
   * row changed, with its images, in the order to undo them backwards.
   */
  async moveLinks(db: Db, spec: LinkSpec, mergedId: string, survivorId: string): Promise<LinkChange[]> {
    const [table, column] = identifiers([spec.table, spec.column]);
    const context = spec.moveContext ? (await db.query(`SELECT ${spec.moveContext} AS value`, [survivorId]))[0].value : null;
    const where = (a: string) => (spec.where ? `AND ${spec.where(a)}` : '');
    const richness = spec.richness ?? (() => '0');
    const double = spec.double
      ? `LEFT JOIN LATERAL (SELECT to_jsonb(s) AS image, ${richness('s')} AS rich FROM ${table} s
           WHERE s.${column} = $2 ${where('s')} AND ${spec.double} ORDER BY 2 DESC LIMIT 1) d ON true`
      : '';
    const rows: { image: Row; double: Row | null; mergedRicher: boolean; self: boolean }[] = await db.query(
      `SELECT to_jsonb(m) AS image, ${spec.double ? 'd.image' : 'NULL::jsonb'} AS "double",
              ${spec.double ? `coalesce(${richness('m')} > d.rich, false)` : 'false'} AS "mergedRicher",
              ${spec.selfColumn ? `coalesce(m.${identifiers([spec.selfColumn])[0]} = $2, false)` : 'false'} AS "self"
       FROM ${table} m ${double} WHERE m.${column} = $1 ${where('m')}`,
      spec.double || spec.selfColumn ? [mergedId, survivorId] : [mergedId],
    );
    const removed = new Map<string, Row>();
    const moved: Row[] = [];
    const keyOf = (image: Row) => canonicalJson(spec.key.map((k) => image[k]));
    for (const row of rows) {
      if (row.self || (row.double && !row.mergedRicher)) removed.set(keyOf(row.image), row.image);
      else {
        if (row.double) removed.set(keyOf(row.double), row.double);
        moved.push(row.image);
      }
    }
    const changes: LinkChange[] = [];
    if (removed.size > 0) {
      await db.query(`DELETE FROM ${table} r WHERE ${keyIn(spec, 'r', '$1')}`, [JSON.stringify([...removed.values()])]);
      for (const before of removed.values()) changes.push({ table, column, action: 'REMOVED', before });
    }
    if (moved.length > 0) {
      const [after]: [{ image: Row }[]] = await db.query(
        `UPDATE ${table} AS r SET ${column} = $1${spec.onMove ? `, ${spec.onMove}` : ''}
         WHERE ${keyIn(spec, 'r', '$2')} RETURNING to_jsonb(r) AS image`,
        spec.moveContext ? [survivorId, JSON.stringify(moved), context] : [survivorId, JSON.stringify(moved)],
      );
      const afterByKey = new Map(after.map(({ image }) => [keyOf(image), image]));
      for (const before of moved) {
        const key = keyOf({ ...before, [column]: survivorId });
        changes.push({ table, column, action: 'MOVED', before, after: afterByKey.get(key) });
      }
    }
    return changes;
  }

  /**
   * Undoes one recorded change: a removed row comes back; a moved row goes
   * back to the merged record, as it was if nothing changed it since, or
   * else with only its link put back. A moved row deleted since stays gone.
   */
  async restoreLink(db: Db, spec: LinkSpec, change: LinkChange): Promise<void> {
    const table = identifiers([spec.table])[0];
    if (change.action === 'REMOVED') {
      await db.query(`INSERT INTO ${table} SELECT * FROM jsonb_populate_record(NULL::${table}, $1::jsonb) ON CONFLICT DO NOTHING`, [
        JSON.stringify(change.before),
      ]);
      return;
    }
    const after = change.after!;
    const [current] = await db.query(`SELECT to_jsonb(r) AS image FROM ${table} r WHERE ${keyIs(spec, 'r', '$1')}`, [JSON.stringify(after)]);
    if (!current) return;
    const unchanged = canonicalJson(current.image) === canonicalJson(after);
    const columns = unchanged ? changedColumns(change.before, after) : [spec.column];
    const sets = identifiers(columns).map((c) => `${c} = b.${c}`);
    await db.query(
      `UPDATE ${table} AS r SET ${sets.join(', ')} FROM jsonb_populate_record(NULL::${table}, $2::jsonb) b WHERE ${keyIs(spec, 'r', '$1')}`,
      [JSON.stringify(after), JSON.stringify(change.before)],
    );
  }

  async insertMerge(
    db: Db,
    merge: Pick<MergeRow, 'recordType' | 'survivorId' | 'mergedId' | 'mergedRow' | 'survivorBefore' | 'survivorAfter' | 'links' | 'mergedBy'>,
  ): Promise<MergeRow> {
    const [row] = await db.query(
      `WITH rm AS (
         INSERT INTO record_merges (record_type, survivor_id, merged_id, merged_row, survivor_before, survivor_after, links, merged_by)
         VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $7::jsonb, $8) RETURNING *
       ) SELECT ${MERGE_COLUMNS} FROM rm`,
      [
        merge.recordType,
        merge.survivorId,
        merge.mergedId,
        JSON.stringify(merge.mergedRow),
        JSON.stringify(merge.survivorBefore),
        JSON.stringify(merge.survivorAfter),
        JSON.stringify(merge.links),
        merge.mergedBy,
      ],
    );
    return row;
  }

  async lockMerge(db: Db, id: string): Promise<MergeRow | undefined> {
    const [row] = await db.query(`SELECT ${MERGE_COLUMNS} FROM record_merges rm WHERE rm.id = $1 FOR UPDATE`, [id]);
    return row;
  }

  async markUnmerged(db: Db, id: string, userId: string): Promise<MergeRow> {
    const [row] = await db.query(
      `WITH rm AS (UPDATE record_merges SET unmerged_at = now(), unmerged_by = $2 WHERE id = $1 RETURNING *)
       SELECT ${MERGE_COLUMNS} FROM rm`,
      [id, userId],
    );
    return row;
  }

  /** Ids each record absorbed through live merges, those its absorbed records had absorbed included. */
  async absorbedIds(recordType: 'PERSON' | 'ORGANISATION', ids: readonly string[]): Promise<{ rootId: string; id: string }[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query(
      `WITH RECURSIVE absorbed(root_id, id, depth) AS (
         SELECT rm.survivor_id, rm.merged_id, 1 FROM record_merges rm
         WHERE rm.record_type = $1 AND rm.survivor_id = ANY($2::uuid[]) AND rm.unmerged_at IS NULL
         UNION ALL
         SELECT a.root_id, rm.merged_id, a.depth + 1 FROM absorbed a
         JOIN record_merges rm ON rm.record_type = $1 AND rm.survivor_id = a.id AND rm.unmerged_at IS NULL
         WHERE a.depth < 100
       ) SELECT root_id AS "rootId", id FROM absorbed ORDER BY root_id, depth, id`,
      [recordType, ids],
    );
  }

  /** Ids of `id` and its ancestors, nearest first, bounded: a cycle shows as `id` appearing twice. */
  async ancestorIds(db: Db, id: string): Promise<string[]> {
    const rows: { id: string }[] = await db.query(
      `WITH RECURSIVE up(id, parent_id, depth) AS (
         SELECT id, parent_id, 1 FROM organisations WHERE id = $1
         UNION ALL
         SELECT o.id, o.parent_id, up.depth + 1 FROM organisations o JOIN up ON o.id = up.parent_id WHERE up.depth < 200
       ) SELECT id FROM up ORDER BY depth`,
      [id],
    );
    return rows.map((row) => row.id);
  }
}
