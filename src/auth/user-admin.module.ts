import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { LoginThrottleRepository } from './login-throttle.repository';
import { LoginThrottleService } from './login-throttle.service';
import { SessionsRepository } from './sessions.repository';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/**
 * Users without HTTP or GraphQL, for the command-line tools (`npm run admin`,
 * `npm run seed:demo`): no guard, no resolvers, no admin made at bootstrap.
 */
@Module({
  providers: [UsersRepository, UsersService, SessionsRepository, LoginThrottleRepository, LoginThrottleService],
  exports: [UsersService],
})
export class UserAdminModule {
  /** The root module of a command-line process: configuration, the migrated database, and users. */
  static forCommandLine(config: AppConfig): DynamicModule {
    return { module: UserAdminModule, imports: [ConfigModule.forRoot(config), DatabaseModule] };
  }
}
