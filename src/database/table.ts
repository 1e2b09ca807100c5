import type { EntityManager } from 'typeorm';
import { LiaisonException } from '../common/errors/liaison.exception';
import { SortDirection } from '../common/graphql/sort-direction.enum';
import { SqlParams } from './sql';

/** Anything that runs SQL: the DataSource's manager or a transaction's. */
export type Db = Pick<EntityManager, 'query'>;

export interface TableSpec<Row> {
  /** Table name, e.g. `organisations`. */
  table: string;
  /** Alias used in every statement, e.g. `o`. */
  alias: string;
  /** Every stored field of the row and its column, e.g. `{ legalName: 'legal_name' }`. */
  columns: { [K in keyof Row]?: string };
  /** Read-only fields computed in SQL from the row, e.g. `{ isOverdue: "t.due_date < current_date" }`. */
  computed?: { [K in keyof Row]?: string };
  /** Fields clients may write. */
  writable: readonly (keyof Row & string)[];
  /** Fields stored as jsonb (sent as JSON text, not as a PostgreSQL array). */
  json?: readonly (keyof Row & string)[];
  /** Human name for errors, e.g. `Organisation`. */
  recordType: string;
  /**
   * For tables with confidential rows: the access policy's SQL condition on
   * `alias` for the current viewer (src/access/access-policy.ts). Every
   * statement here adds it, so a row the viewer may not see is NOT_FOUND.
   */
  visibility?: () => string;
}

/**
 * The statements every versioned, archivable table shares: batch read by id,
 * insert, conditional update on the version, archive/restore. Rows come back
 * as plain objects with GraphQL field names.
 */
export class Table<Row extends { id: string; version: number }> {
  /** `o.id, o.legal_name AS "legalName", ...` */
  readonly select: string;

  constructor(readonly spec: TableSpec<Row>) {
    const a = spec.alias;
    this.select = [
      ...Object.entries(spec.columns as Record<string, string>).map(([field, column]) =>
        field === column ? `${a}.${column}` : `${a}.${column} AS "${field}"`,
      ),
      ...Object.entries((spec.computed ?? {}) as Record<string, string>).map(([field, sql]) => `${sql} AS "${field}"`),
    ].join(', ');
  }

  get from(): string {
    return `${this.spec.table} ${this.spec.alias}`;
  }

  /** The access condition for the current viewer, or TRUE for tables without confidential rows. */
  visible(): string {
    return this.spec.visibility?.() ?? 'TRUE';
  }

  /** `visible()` as a list of AND-ed conditions (empty when everything is visible), for page queries. */
  visibleWhere(): string[] {
    const condition = this.visible();
    return condition === 'TRUE' ? [] : [condition];
  }

  async findByIds(db: Db, ids: readonly string[]): Promise<Row[]> {
    if (ids.length === 0) return [];
    return db.query(
      `SELECT ${this.select} FROM ${this.from} WHERE ${this.spec.alias}.id = ANY($1::uuid[]) AND ${this.visible()}`,
      [ids],
    );
  }

  async findById(db: Db, id: string): Promise<Row | undefined> {
    return (await this.findByIds(db, [id]))[0];
  }

  async getById(db: Db, id: string, field = 'id'): Promise<Row> {
    const row = await this.findById(db, id);
    if (!row) throw LiaisonException.notFound(this.spec.recordType, id, field);
    return row;
  }

  async insert(db: Db, values: Partial<Row>): Promise<Row> {
    const params = new SqlParams();
    const columns: string[] = [];
    const placeholders: string[] = [];
    for (const [field, value] of this.writableEntries(values)) {
      columns.push(this.column(field));
      placeholders.push(this.placeholder(params, field, value));
    }
    const [row] = await db.query(
      `INSERT INTO ${this.spec.table} AS ${this.spec.alias} (${columns.join(', ')})
       VALUES (${placeholders.join(', ')}) RETURNING ${this.select}`,
      params.values,
    );
    return row;
  }

  /**
   * Applies the change only if the row still has `expectedVersion`: the
   * conditional UPDATE is what makes concurrent editors conflict instead of
   * silently overwriting each other. NOT_FOUND or CONFLICT otherwise.
   */
  async updateVersioned(db: Db, id: string, expectedVersion: number, values: Partial<Row>): Promise<Row> {
    const params = new SqlParams();
    const a = this.spec.alias;
    const sets = [`version = ${a}.version + 1`, 'updated_at = now()'];
    for (const [field, value] of this.writableEntries(values)) {
      sets.push(`${this.column(field)} = ${this.placeholder(params, field, value)}`);
    }
    const [rows] = await db.query(
      `UPDATE ${this.spec.table} AS ${a} SET ${sets.join(', ')}
       WHERE ${a}.id = ${params.add(id)} AND ${a}.version = ${params.add(expectedVersion)} AND ${this.visible()}
       RETURNING ${this.select}`,
      params.values,
    );
    if (rows[0]) return rows[0];
    const current = await this.getById(db, id);
    throw LiaisonException.conflict(
      `${this.spec.recordType} ${id} was changed by someone else: version is ${current.version}, not ${expectedVersion}`,
      { field: 'expectedVersion', currentVersion: current.version },
    );
  }

  /** Unconditional update for changes the service has already serialised (row locked or rule-checked). */
  async update(db: Db, id: string, values: Partial<Row>): Promise<Row> {
    const params = new SqlParams();
    const a = this.spec.alias;
    const sets = [`version = ${a}.version + 1`, 'updated_at = now()'];
    for (const [field, value] of this.writableEntries(values)) {
      sets.push(`${this.column(field)} = ${this.placeholder(params, field, value)}`);
    }
    const [rows] = await db.query(
      `UPDATE ${this.spec.table} AS ${a} SET ${sets.join(', ')} WHERE ${a}.id = ${params.add(id)} AND ${this.visible()}
       RETURNING ${this.select}`,
      params.values,
    );
    if (!rows[0]) throw LiaisonException.notFound(this.spec.recordType, id);
    return rows[0];
  }

  /** Locks the row for the rest of the transaction (SELECT ... FOR UPDATE). */
  async lock(db: Db, id: string, field = 'id'): Promise<Row> {
    const [row] = await db.query(
      `SELECT ${this.select} FROM ${this.from} WHERE ${this.spec.alias}.id = $1 AND ${this.visible()} FOR UPDATE OF ${this.spec.alias}`,
      [id],
    );
    if (!row) throw LiaisonException.notFound(this.spec.recordType, id, field);
    return row;
  }

  /** Archives or restores; doing it twice is harmless. NOT_FOUND for an unknown id. */
  async setArchived(db: Db, id: string, archived: boolean): Promise<Row> {
    const a = this.spec.alias;
    const [rows] = await db.query(
      `UPDATE ${this.spec.table} AS ${a}
       SET archived_at = ${archived ? 'now()' : 'NULL'}, version = ${a}.version + 1, updated_at = now()
       WHERE ${a}.id = $1 AND ${a}.archived_at IS ${archived ? 'NULL' : 'NOT NULL'} AND ${this.visible()}
       RETURNING ${this.select}`,
      [id],
    );
    return rows[0] ?? this.getById(db, id);
  }

  column(field: string): string {
    return (this.spec.columns as Record<string, string>)[field];
  }

  private writableEntries(values: Partial<Row>): [string, unknown][] {
    return this.spec.writable
      .filter((field) => values[field] !== undefined)
      .map((field) => [field, values[field]]);
  }

  private placeholder(params: SqlParams, field: string, value: unknown): string {
    if (this.spec.json?.includes(field as keyof Row & string)) {
      return `${params.add(value === null ? null : JSON.stringify(value))}::jsonb`;
    }
    return params.add(value);
  }
}

export interface KeysetPageQuery {
  /** SELECT list (without the sort key). */
  select: string;
  /** FROM clause, with joins if any. */
  from: string;
  /** AND-ed conditions; their parameters are already in `params`. */
  where: string[];
  params: SqlParams;
  /** SQL expression the page is ordered by (ties broken by `idColumn`). */
  sortKey: string;
  /** Type the cursor's sort value is cast to: text, timestamptz, date, numeric. */
  sortType: string;
  idColumn: string;
  direction: SortDirection;
  first: number;
  /** Decoded cursor: [sort value, id]. */
  after?: unknown[];
}

/** One keyset page plus one extra row telling whether another page follows; rows carry `sortKey`. */
export async function findKeysetPage<Row>(db: Db, q: KeysetPageQuery): Promise<(Row & { sortKey: unknown })[]> {
  const where = [...q.where];
  const dir = q.direction === SortDirection.DESC ? 'DESC' : 'ASC';
  if (q.after) {
    const op = dir === 'ASC' ? '>' : '<';
    where.push(
      `(${q.sortKey}, ${q.idColumn}) ${op} (${q.params.add(q.after[0])}::${q.sortType}, ${q.params.add(q.after[1])}::uuid)`,
    );
  }
  return db.query(
    `SELECT ${q.select}, ${q.sortKey} AS "sortKey" FROM ${q.from}
     WHERE ${where.length ? where.join(' AND ') : 'TRUE'}
     ORDER BY ${q.sortKey} ${dir}, ${q.idColumn} ${dir}
     LIMIT ${q.params.add(q.first + 1)}`,
    q.params.values,
  );
}

/** COUNT(*) under the same conditions as a page. */
export async function countWhere(db: Db, from: string, where: string[], params: SqlParams): Promise<number> {
  const [{ count }] = await db.query(
    `SELECT count(*)::int AS count FROM ${from} WHERE ${where.length ? where.join(' AND ') : 'TRUE'}`,
    params.values,
  );
  return count;
}

/** Escapes LIKE wildcards in user text. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
