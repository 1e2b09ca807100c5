import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { exitWithError } from '../common/command-line';
import { loadConfig } from '../config/app-config';
import { buildDataSourceOptions } from './data-source-options';
import { closeDatabaseTarget, databaseTargetFromConfig } from './database.module';

/**
 * The DataSource for the TypeORM CLI (migration:generate/run/revert): the same
 * options as the app, on DATABASE_URL or the PGlite data folder.
 */
async function cliDataSource(): Promise<DataSource> {
  // Said here, in one line: the TypeORM CLI would wrap a bad variable or a held data folder in a report with a stack.
  const target = await Promise.resolve()
    .then(() => databaseTargetFromConfig(loadConfig()))
    .catch(exitWithError);
  const dataSource = new DataSource(await buildDataSourceOptions(target, { migrationsRun: false }));
  if (target.kind === 'pglite') {
    // PGlite is owned by us, not by the pg pool: close it or the CLI never exits.
    const destroy = dataSource.destroy.bind(dataSource);
    dataSource.destroy = async () => {
      await destroy();
      await closeDatabaseTarget(target);
    };
  }
  return dataSource;
}

export default cliDataSource();
