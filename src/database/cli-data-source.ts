import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { buildDataSourceOptions } from './data-source-options';
import { databaseTargetFromConfig } from './database.module';

/**
 * The DataSource for the TypeORM CLI (migration:generate/run/revert): the same
 * options as the app, on DATABASE_URL or the PGlite data folder.
 */
async function cliDataSource(): Promise<DataSource> {
  const target = await databaseTargetFromConfig(loadConfig());
  const dataSource = new DataSource(await buildDataSourceOptions(target, { migrationsRun: false }));
  if (target.kind === 'pglite') {
    // PGlite is owned by us, not by the pg pool: close it or the CLI never exits.
    const destroy = dataSource.destroy.bind(dataSource);
    dataSource.destroy = async () => {
      await destroy();
      await target.pglite.close();
    };
  }
  return dataSource;
}

export default cliDataSource();
