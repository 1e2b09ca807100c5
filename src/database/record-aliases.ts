import { Db } from './table';

/**
 * The record an absorbed id now answers for: the survivor of its live merge,
 * following later merges of that survivor (record_merges, migration
 * 1795750000000-DuplicatesAndMerges). Null when the id was never merged away.
 */
export async function survivorOf(db: Db, recordType: 'PERSON' | 'ORGANISATION', id: string): Promise<string | null> {
  const rows: { id: string }[] = await db.query(
    `WITH RECURSIVE chain(id, depth) AS (
       SELECT rm.survivor_id, 1 FROM record_merges rm
       WHERE rm.record_type = $1 AND rm.merged_id = $2 AND rm.unmerged_at IS NULL
       UNION ALL
       SELECT rm.survivor_id, c.depth + 1 FROM chain c
       JOIN record_merges rm ON rm.record_type = $1 AND rm.merged_id = c.id AND rm.unmerged_at IS NULL
       WHERE c.depth < 100
     ) SELECT id FROM chain ORDER BY depth DESC LIMIT 1`,
    [recordType, id],
  );
  return rows[0]?.id ?? null;
}

/** Ids merged into `id` by live merges, and into those, at any depth: their history is the survivor's now. */
export async function absorbedBy(db: Db, recordType: 'PERSON' | 'ORGANISATION', id: string): Promise<string[]> {
  const rows: { id: string }[] = await db.query(
    `WITH RECURSIVE absorbed(id, depth) AS (
       SELECT rm.merged_id, 1 FROM record_merges rm
       WHERE rm.record_type = $1 AND rm.survivor_id = $2 AND rm.unmerged_at IS NULL
       UNION ALL
       SELECT rm.merged_id, a.depth + 1 FROM absorbed a
       JOIN record_merges rm ON rm.record_type = $1 AND rm.survivor_id = a.id AND rm.unmerged_at IS NULL
       WHERE a.depth < 100
     ) SELECT id FROM absorbed`,
    [recordType, id],
  );
  return rows.map((row) => row.id);
}
