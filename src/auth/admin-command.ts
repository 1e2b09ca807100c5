import 'reflect-metadata';
import { isEmail } from 'class-validator';
import { asSystem } from '../access/access-policy';
import { exitWithError, openCommandContext, UsageError } from '../common/command-line';
import { loadConfig } from '../config/app-config';
import { UserAdminModule } from './user-admin.module';
import { UsersService } from './users.service';

const USAGE = 'Usage: npm run admin -- create EMAIL   (password from LIAISON_ADMIN_PASSWORD, or generated and shown once)';

/**
 * `npm run admin -- create EMAIL`: creates an admin, or makes an existing
 * user an enabled admin with a new password (a locked-out or forgotten
 * admin). Whoever can run it can read the database anyway.
 */
async function main(args: string[]): Promise<void> {
  const [command, email, ...rest] = args;
  if (command !== 'create' || !email || rest.length > 0) throw new UsageError(USAGE);
  if (!isEmail(email)) throw new UsageError(`Not an email address: "${email}". ${USAGE}`);
  const config = loadConfig();
  const app = await openCommandContext(UserAdminModule.forCommandLine(config));
  try {
    const result = await asSystem(() => app.get(UsersService).createOrResetAdmin(email, config.LIAISON_ADMIN_PASSWORD));
    process.stdout.write(
      result.created
        ? `Created admin ${result.user.email}.\n`
        : `Reset ${result.user.email}: now an enabled admin with a new password; their sessions ended.\n`,
    );
    process.stdout.write(
      result.generatedPassword
        ? `Generated password (shown once): ${result.generatedPassword}\n`
        : 'Password: the one in LIAISON_ADMIN_PASSWORD.\n',
    );
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).catch(exitWithError);
