import { Injectable } from '@nestjs/common';
import { LiaisonException } from '../common/errors/liaison.exception';
import { ApiKeysService } from './api-keys.service';
import { LoginThrottleService } from './login-throttle.service';
import { dummyPasswordHash, verifyPassword } from './password';
import { Principal } from './principal';
import { SessionsService } from './sessions.service';
import { AuthPayload } from './user.model';
import { UsersRepository } from './users.repository';

/** What a request presented: an access token, or an API key secret (as a bearer token or in `x-api-key`). */
export type Credential = { kind: 'accessToken'; token: string } | { kind: 'apiKey'; secret: string };

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly apiKeys: ApiKeysService,
    private readonly loginThrottle: LoginThrottleService,
  ) {}

  async login(email: string, password: string, clientAddress: string): Promise<AuthPayload> {
    const attempt = await this.loginThrottle.begin(email, clientAddress);
    const found = await this.users.findCredentials(email.trim());
    // Verify against a dummy hash for unknown emails so response time does not reveal accounts.
    const valid = await verifyPassword(found?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!found || !valid) throw LiaisonException.unauthenticated('Invalid email or password');
    await this.loginThrottle.forgive(attempt);
    const { passwordHash: _hash, ...user } = found;
    // Said only to someone who knows the password.
    if (user.disabledAt) throw LiaisonException.unauthenticated('This account is disabled');
    return this.sessions.start(user);
  }

  /** The caller behind a credential; UNAUTHENTICATED when it is invalid, expired, revoked or its user disabled. */
  authenticate(credential: Credential): Promise<Principal> {
    return credential.kind === 'apiKey'
      ? this.apiKeys.authenticate(credential.secret)
      : this.sessions.authenticate(credential.token);
  }
}
