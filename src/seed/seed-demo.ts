import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { asSystem } from '../access/access-policy';
import { ConfigError, loadConfig } from '../config/app-config';
import { buildDataSourceOptions } from '../database/data-source-options';
import { databaseTargetFromConfig, describeTarget } from '../database/database.module';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './demo-data';

/** `npm run seed:demo`: migrates and loads the May 2024 delegation into the configured database. */
async function main(): Promise<void> {
  const config = loadConfig();
  const target = await databaseTargetFromConfig(config);
  const dataSource = await new DataSource(await buildDataSourceOptions(target)).initialize();
  try {
    // The seed writes confidential records too; whatever it reads must see them all.
    await asSystem(() => dataSource.transaction((db) => seedDemo(db)));
    const users = Object.values(DEMO_USERS).map((u) => `${u.email} (${u.role})`).join(', ');
    process.stdout.write(
      `Demo data loaded into ${describeTarget(target)}.\nDemo users, password "${DEMO_PASSWORD}": ${users}\n`,
    );
  } finally {
    await dataSource.destroy();
    if (target.kind === 'pglite') await target.pglite.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error?.stack ?? error}\n`);
  process.exit(1);
});
