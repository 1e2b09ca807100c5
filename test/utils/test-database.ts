import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, DatabaseTarget } from '../../src/database/data-source-options';
import { openPglite } from '../../src/database/pglite';

/**
 * Each test file gets its own migrated database: on PGlite a copy of the
 * snapshot global-setup made, on PostgreSQL (DATABASE_URL set) a database
 * cloned from the migrated one.
 */
/** One id per jest run (set by global-setup), so parallel runs on one machine never share files or databases. */
export function runId(): string {
  const id = process.env.LIAISON_TEST_RUN;
  if (!id) throw new Error('LIAISON_TEST_RUN is unset: run the tests through jest (global-setup sets it)');
  return id;
}

export function snapshotFile(): string {
  return join(tmpdir(), `liaison-test-${runId()}.tar`);
}

export const usingPostgres = (): boolean => Boolean(process.env.DATABASE_URL);

export interface TestDatabase {
  target: DatabaseTarget;
  dispose(): Promise<void>;
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const pglite = await openPglite({ loadDataDir: new Blob([readFileSync(snapshotFile())]) });
    return {
      target: { kind: 'pglite', pglite, description: 'test PGlite (in memory)' },
      dispose: async () => {
        if (!pglite.closed) await pglite.close();
      },
    };
  }
  const template = templateDatabase(url);
  const name = `${template}_w${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(4).toString('hex')}`;
  await adminQuery(url, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  return {
    target: { kind: 'postgres', url: withDatabase(url, name) },
    dispose: () => adminQuery(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/**
 * The migrated database every test file clones. Tests never touch the
 * DATABASE_URL database itself, only `<name>_test_<run>*` databases beside it.
 */
export function templateDatabase(url: string): string {
  return `${new URL(url).pathname.slice(1)}_test_${runId()}`;
}

/** The URL of another database on the same server. */
export function withDatabase(url: string, name: string): string {
  const other = new URL(url);
  other.pathname = `/${name}`;
  return other.toString();
}

/** Runs a statement on the server's maintenance database (CREATE/DROP DATABASE cannot run inside the target). */
export async function adminQuery(url: string, sql: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A bare DataSource on a test database, for tests that need no Nest app. */
export async function openTestDataSource(target: DatabaseTarget): Promise<DataSource> {
  return new DataSource(await buildDataSourceOptions(target, { migrationsRun: false })).initialize();
}
