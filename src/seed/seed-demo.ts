import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { asSystem } from '../access/access-policy';
import { ensureConfiguredAdmin, reportInitialAdmin } from '../auth/initial-admin';
import { UserAdminModule } from '../auth/user-admin.module';
import { UsersService } from '../auth/users.service';
import { exitWithError, openCommandContext } from '../common/command-line';
import { AppConfig, loadConfig } from '../config/app-config';
import { DATABASE_TARGET, describeTarget } from '../database/database.module';
import { DatabaseTarget } from '../database/data-source-options';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './demo-data';

/**
 * `npm run seed:demo`: migrates and loads the May 2024 delegation into the
 * configured database, then makes sure an admin exists, as the first start
 * would (the demo users alone would leave none).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await openCommandContext(UserAdminModule.forCommandLine(config));
  try {
    // The seed writes confidential records too; whatever it reads must see them all.
    await asSystem(async () => {
      await app.get(DataSource).transaction((db) => seedDemo(db));
      const users = Object.values(DEMO_USERS).map((u) => `${u.email} (${u.role})`).join(', ');
      const target = app.get<DatabaseTarget>(DATABASE_TARGET);
      process.stdout.write(`Demo data loaded into ${describeTarget(target)}.\nDemo users, password "${DEMO_PASSWORD}": ${users}\n`);
      const admin = await ensureConfiguredAdmin(app.get(UsersService), app.get(AppConfig));
      reportInitialAdmin(admin, new Logger('Seed'));
      if (admin.outcome === 'CREATED') process.stdout.write(`Admin created: ${admin.email}\n`);
    });
  } finally {
    await app.close();
  }
}

main().catch(exitWithError);
