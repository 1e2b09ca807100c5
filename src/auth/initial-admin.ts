import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { asSystem } from '../access/access-policy';
import { AppConfig } from '../config/app-config';
import { UsersService } from './users.service';

export const DEFAULT_ADMIN_EMAIL = 'admin@liaison.local';

/** Creates the first admin when the database has no user yet. */
@Injectable()
export class InitialAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Start-up runs outside any request, for the whole installation.
    const created = await asSystem(() =>
      this.users.ensureInitialAdmin(this.config.LIAISON_ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL, this.config.LIAISON_ADMIN_PASSWORD),
    );
    if (!created) return;
    this.logger.log(`No user existed: created admin ${created.email}`);
    if (created.generatedPassword) {
      // Shown once on the terminal, deliberately outside the structured log
      // so the password never reaches log storage.
      process.stderr.write(
        `\n  Initial admin: ${created.email}\n  Generated password (shown once): ${created.generatedPassword}\n` +
          `  Set LIAISON_ADMIN_PASSWORD before the first start to choose it.\n\n`,
      );
    }
  }
}
