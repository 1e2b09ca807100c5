import { adminQuery, templateDatabase } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (url) {
    await adminQuery(url, `DROP DATABASE IF EXISTS "${templateDatabase(url)}" WITH (FORCE)`);
  }
}
