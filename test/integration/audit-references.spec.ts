import { DataSource } from 'typeorm';
import { GUARDED_REFERENCES } from '../../src/audit/audit.repository';
import { openTestDatabase, openTestDataSource, TestDatabase } from '../utils/test-database';

/*
 * The audit trail reads references to hidden leads and meetings as null
 * (GUARDED_REFERENCES). A column added later that holds a lead's or a
 * meeting's id must be added there too: this test reads the live schema.
 */
describe('Audit references to leads and meetings', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await openTestDatabase();
    dataSource = await openTestDataSource(db.target);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.dispose();
  });

  it('lists every audited column that holds the id of a lead or a meeting, and only those', async () => {
    const audited: { table: string }[] = await dataSource.query(
      `SELECT DISTINCT c.relname AS table FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
       WHERE NOT tg.tgisinternal AND tg.tgname = c.relname || '_audit'`,
    );
    const tables = audited.map((row) => row.table);
    expect(tables).toEqual(expect.arrayContaining(['leads', 'meetings', 'tasks', 'notes', 'taggings', 'record_access']));
    const foreignKeys: { table: string; column: string; target: string }[] = await dataSource.query(
      `SELECT src.relname AS table, a.attname AS column, dst.relname AS target
         FROM pg_constraint k
         JOIN pg_class src ON src.oid = k.conrelid
         JOIN pg_class dst ON dst.oid = k.confrelid
         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY(k.conkey)
        WHERE k.contype = 'f' AND dst.relname IN ('leads', 'meetings') AND src.relname = ANY($1::text[])`,
      [tables],
    );
    // Tables naming a record by (record_type, record_id): a lead or a meeting among others.
    const polymorphic: { table: string }[] = await dataSource.query(
      `SELECT table_name AS table FROM information_schema.columns
        WHERE table_schema = current_schema() AND column_name IN ('record_type', 'record_id') AND table_name = ANY($1::text[])
        GROUP BY table_name HAVING count(*) = 2`,
      [tables],
    );
    const expected = [
      ...foreignKeys.map((fk) => `${fk.table}.${fk.column} -> ${fk.target === 'leads' ? 'LEAD' : 'MEETING'}`),
      ...polymorphic.map((row) => `${row.table}.record_id -> RECORD`),
    ].sort();
    const listed = Object.entries(GUARDED_REFERENCES)
      .flatMap(([table, columns]) => Object.entries(columns).map(([column, kind]) => `${table}.${column} -> ${kind}`))
      .sort();
    expect(listed).toEqual(expected);
  });
});
