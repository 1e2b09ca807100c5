import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, Logger as TypeOrmLogger } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { lockDataDir } from './data-dir-lock';
import { buildDataSourceOptions, DatabaseTarget, describePostgresUrl } from './data-source-options';
import { openPglite } from './pglite';

/** The database in use; tests override this provider with a snapshot or a cloned database. */
export const DATABASE_TARGET = Symbol('DATABASE_TARGET');

/** Optional TypeORM logger (tests count SQL statements with it). */
export const DATABASE_LOGGER = Symbol('DATABASE_LOGGER');

export async function databaseTargetFromConfig(config: AppConfig): Promise<DatabaseTarget> {
  if (config.DATABASE_URL) {
    return { kind: 'postgres', url: config.DATABASE_URL };
  }
  const dataDir = resolve(config.LIAISON_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  // Before PGlite touches the folder: a second process must not even read it half-written.
  const dataDirLock = lockDataDir(dataDir);
  try {
    return {
      kind: 'pglite',
      pglite: await openPglite({ dataDir }),
      description: `embedded PGlite (PostgreSQL in WASM), data in ${dataDir}`,
      dataDirLock,
    };
  } catch (error) {
    dataDirLock.release();
    throw error;
  }
}

/** Closes PGlite (the pg pool does not own it), then frees its data folder. */
export async function closeDatabaseTarget(target: DatabaseTarget): Promise<void> {
  if (target.kind !== 'pglite') return;
  try {
    if (!target.pglite.closed) await target.pglite.close();
  } finally {
    target.dataDirLock?.release();
  }
}

export function describeTarget(target: DatabaseTarget): string {
  return target.kind === 'postgres' ? describePostgresUrl(target.url) : target.description;
}

@Module({
  providers: [
    { provide: DATABASE_TARGET, inject: [AppConfig], useFactory: databaseTargetFromConfig },
    { provide: DATABASE_LOGGER, useValue: undefined },
  ],
  exports: [DATABASE_TARGET, DATABASE_LOGGER],
})
class DatabaseTargetModule {}

/** Opens the database, applies pending migrations on start, closes PGlite last on shutdown. */
@Module({
  imports: [
    DatabaseTargetModule,
    TypeOrmModule.forRootAsync({
      imports: [DatabaseTargetModule],
      inject: [DATABASE_TARGET, DATABASE_LOGGER],
      useFactory: (target: DatabaseTarget, logger?: TypeOrmLogger) => buildDataSourceOptions(target, { logger }),
    }),
  ],
})
export class DatabaseModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Database');

  constructor(
    @Inject(DATABASE_TARGET) private readonly target: DatabaseTarget,
    private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.logger.log(`Database: ${describeTarget(this.target)}; migrations applied`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await closeDatabaseTarget(this.target);
  }
}
