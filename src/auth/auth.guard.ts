import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { LiaisonException } from '../common/errors/liaison.exception';
import { AuthenticatedRequest, IS_PUBLIC, OWN_SESSION, REQUIRED_ROLES, requestOf } from './auth.decorators';
import { AuthService, Credential } from './auth.service';
import { Principal } from './principal';
import { Role } from './role.enum';
import { looksLikeApiKey } from './secrets';

/** The credential of a request: `x-api-key: <secret>`, or `Authorization: Bearer <access token or key secret>`. */
function credentialOf(req: AuthenticatedRequest): Credential {
  const apiKey = req.headers['x-api-key'];
  const authorization = req.headers.authorization;
  if (apiKey !== undefined && authorization !== undefined) {
    throw LiaisonException.unauthenticated('Send either an Authorization or an x-api-key header, not both');
  }
  if (typeof apiKey === 'string') return { kind: 'apiKey', secret: apiKey.trim() };
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!bearer) throw LiaisonException.unauthenticated();
  return looksLikeApiKey(bearer) ? { kind: 'apiKey', secret: bearer } : { kind: 'accessToken', token: bearer };
}

/**
 * Global guard: every handler needs a valid access token or API key unless
 * @Public; VIEWERs (and READ_ONLY keys) may call no mutation but those on
 * their own session; @Roles narrows further. The caller is authenticated once
 * per request, with one query.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = requestOf(context);
    // Top-level query fields resolve in parallel: they share one authentication.
    req.authentication ??= Promise.resolve().then(() => this.auth.authenticate(credentialOf(req)));
    const principal = await req.authentication;
    this.attach(req, principal);

    if (this.reflector.getAllAndOverride<boolean>(OWN_SESSION, targets)) {
      if (principal.kind === 'API_KEY') throw LiaisonException.forbidden('API keys have no session or password');
    } else if (principal.role === Role.VIEWER && this.isMutation(context)) {
      throw LiaisonException.forbidden(
        principal.kind === 'API_KEY' ? 'READ_ONLY API keys may not change data' : 'VIEWER users may not change data',
      );
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw LiaisonException.forbidden(`Requires role ${roles.join(' or ')}`);
    }
    return true;
  }

  private attach(req: AuthenticatedRequest, principal: Principal): void {
    req.principal = principal;
    req.user = principal.user;
    if (principal.apiKeyId) req.apiKey = { id: principal.apiKeyId, name: principal.apiKeyName ?? '' };
  }

  private isMutation(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return false;
    return GqlExecutionContext.create(context).getInfo<{ parentType: { name: string } }>().parentType.name === 'Mutation';
  }
}
