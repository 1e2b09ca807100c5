import { randomBytes } from 'node:crypto';
import { Logger, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysResolver } from './api-keys.resolver';
import { ApiKeysService } from './api-keys.service';
import { AuthGuard } from './auth.guard';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { InitialAdmin } from './initial-admin';
import { LoginThrottleRepository } from './login-throttle.repository';
import { LoginThrottleService } from './login-throttle.service';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { UsersRepository } from './users.repository';
import { UsersResolver } from './users.resolver';
import { UsersService } from './users.service';

function jwtSecret(config: AppConfig): string {
  if (config.JWT_SECRET) return config.JWT_SECRET;
  new Logger('Auth').warn('JWT_SECRET is unset: using a random secret, access tokens end with this process (refresh tokens renew them)');
  return randomBytes(32).toString('hex');
}

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: jwtSecret(config),
        signOptions: { algorithm: 'HS256', issuer: 'liaison' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'liaison' },
      }),
    }),
  ],
  providers: [
    UsersRepository,
    UsersService,
    SessionsRepository,
    SessionsService,
    ApiKeysRepository,
    ApiKeysService,
    LoginThrottleRepository,
    LoginThrottleService,
    AuthService,
    AuthResolver,
    UsersResolver,
    ApiKeysResolver,
    InitialAdmin,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [UsersService],
})
export class AuthModule {}
