import { rmSync } from 'node:fs';
import { adminQuery, snapshotFile, templateDatabase } from './test-database';

export default async function globalTeardown(): Promise<void> {
  rmSync(snapshotFile(), { force: true });
  const url = process.env.DATABASE_URL;
  if (url) {
    await adminQuery(url, `DROP DATABASE IF EXISTS "${templateDatabase(url)}" WITH (FORCE)`);
  }
}
