import { randomBytes } from 'node:crypto';
import { Logger, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config';
import { AuthGuard } from './auth.guard';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { InitialAdmin } from './initial-admin';
import { UsersRepository } from './users.repository';
import { UsersResolver } from './users.resolver';
import { UsersService } from './users.service';

function jwtSecret(config: AppConfig): string {
  if (config.JWT_SECRET) return config.JWT_SECRET;
  new Logger('Auth').warn('JWT_SECRET is unset: using a random secret, tokens end with this process');
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
    AuthService,
    AuthResolver,
    UsersResolver,
    InitialAdmin,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [UsersService],
})
export class AuthModule {}
