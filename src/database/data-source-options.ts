import type { PGlite } from '@electric-sql/pglite' with { 'resolution-mode': 'import' };
import type { DataSourceOptions, Logger as TypeOrmLogger } from 'typeorm';
import { types } from 'pg';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from '../entities';
import { AuditActorSubscriber } from './audit-actor.subscriber';
import type { DataDirLock } from './data-dir-lock';

// Calendar dates stay 'YYYY-MM-DD' strings: a JS Date would shift them by the
// server's time zone. NUMERIC (money, up to 14 digits) becomes a number.
types.setTypeParser(types.builtins.DATE, (value) => value);
types.setTypeParser(types.builtins.NUMERIC, (value) => Number.parseFloat(value));

export type DatabaseTarget =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; pglite: PGlite; description: string; /** Held while a data folder is open (none in memory). */ dataDirLock?: DataDirLock };

/**
 * The one DataSource options builder shared by the app, the TypeORM CLI and the
 * tests, so all three see the same entities and migrations.
 */
export async function buildDataSourceOptions(
  target: DatabaseTarget,
  overrides: { migrationsRun?: boolean; logger?: TypeOrmLogger } = {},
): Promise<DataSourceOptions> {
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    subscribers: [AuditActorSubscriber],
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsRun: overrides.migrationsRun ?? true,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    uuidExtension: 'pgcrypto' as const,
    installExtensions: false,
    useUTC: true,
    ...(overrides.logger ? { logger: overrides.logger, logging: ['query' as const] } : {}),
  };
  if (target.kind === 'postgres') {
    // jit=off: PostgreSQL compiles a statement whose estimated cost is high (a report over 200k leads) with
    // LLVM first, which was measured at 1.2 s for a statement that runs in 70 ms (bench/report-timings.js).
    return { ...common, url: target.url, poolSize: 10, extra: { application_name: 'liaison', options: '-c jit=off' } };
  }
  // PGlite is one session: a pool of exactly one connection keeps transactions
  // isolated (see STACK-FACTS). Code inside a transaction must use the
  // transaction's manager or it waits forever for the only connection.
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  const pgConfig = createPgConfig(target.pglite);
  return {
    ...common,
    poolSize: 1,
    extra: { ...pgConfig, connection: pgConfig.connection, max: 1 },
  };
}

/** The database the config points at, for logs: never includes a password. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `PostgreSQL at ${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}
