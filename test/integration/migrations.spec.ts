import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openTestDatabase, openTestDataSource, TestDatabase } from '../utils/test-database';

describe('Migrations', () => {
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

  it('lists every migration file in migrations/index.ts', () => {
    const files = readdirSync(join(__dirname, '../../migrations')).filter((f) => /^\d+-.+\.ts$/.test(f));
    expect(MIGRATIONS).toHaveLength(files.length);
  });

  it('leave nothing for migration:generate to do (entities and migrations agree)', async () => {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('revert completely with down and apply again with up', async () => {
    for (let i = 0; i < MIGRATIONS.length; i += 1) await dataSource.undoLastMigration();
    const tables = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
    );
    expect(tables).toEqual([]);
    await dataSource.runMigrations();
    const after = await dataSource.driver.createSchemaBuilder().log();
    expect(after.upQueries).toEqual([]);
  });
});
