import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { LiaisonException } from '../common/errors/liaison.exception';
import { AppConfig } from '../config/app-config';
import { dummyPasswordHash, verifyPassword } from './password';
import { AuthPayload, User } from './user.model';
import { UsersRepository } from './users.repository';

interface TokenClaims {
  sub: string;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string): Promise<AuthPayload> {
    const found = await this.users.findCredentials(email.trim());
    // Verify against a dummy hash for unknown emails so response time does not reveal accounts.
    const valid = await verifyPassword(found?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!found || !valid) throw LiaisonException.unauthenticated('Invalid email or password');
    const { passwordHash: _hash, ...user } = found;
    const expiresAt = new Date(Date.now() + this.config.JWT_TTL_SECONDS * 1000);
    const token = await this.jwt.signAsync({ sub: user.id } satisfies TokenClaims, {
      expiresIn: this.config.JWT_TTL_SECONDS,
    });
    return { token, expiresAt, user };
  }

  /** The user a bearer token belongs to; UNAUTHENTICATED when invalid, expired or the user is gone. */
  async authenticate(token: string): Promise<User> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims & object>(token);
    } catch {
      throw LiaisonException.unauthenticated('Invalid or expired token');
    }
    const user = await this.users.findById(claims.sub);
    if (!user) throw LiaisonException.unauthenticated('Invalid or expired token');
    return user;
  }
}
