import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { asSystem } from '../access/access-policy';
import { AppConfig } from '../config/app-config';
import { InitialAdminOutcome, UsersService } from './users.service';

export const DEFAULT_ADMIN_EMAIL = 'admin@liaison.local';

/** Creates an admin on start when none is active (the first start, or after seeding a fresh database). */
@Injectable()
export class InitialAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    reportInitialAdmin(await ensureConfiguredAdmin(this.users, this.config), this.logger);
  }
}

/** The admin from LIAISON_ADMIN_EMAIL and LIAISON_ADMIN_PASSWORD, if no admin is active; shared by the server and the seed. */
export function ensureConfiguredAdmin(users: UsersService, config: AppConfig): Promise<InitialAdminOutcome> {
  // Runs outside any request, for the whole installation.
  return asSystem(() => users.ensureInitialAdmin(config.LIAISON_ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL, config.LIAISON_ADMIN_PASSWORD));
}

export function reportInitialAdmin(result: InitialAdminOutcome, logger: Logger): void {
  if (result.outcome === 'EMAIL_TAKEN') {
    logger.warn(
      `No active admin exists, and ${result.email} (LIAISON_ADMIN_EMAIL) is a user who is not one: ` +
        `make one with \`npm run admin -- create EMAIL\``,
    );
    return;
  }
  if (result.outcome !== 'CREATED') return;
  logger.log(`No active admin existed: created admin ${result.email}`);
  if (result.generatedPassword) {
    // Shown once on the terminal, deliberately outside the structured log
    // so the password never reaches log storage.
    process.stderr.write(
      `\n  Initial admin: ${result.email}\n  Generated password (shown once): ${result.generatedPassword}\n` +
        `  To choose it, set LIAISON_ADMIN_PASSWORD beforehand; to change it, \`npm run admin -- create ${result.email}\`.\n\n`,
    );
  }
}
