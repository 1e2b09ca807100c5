import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';
import { Principal } from './principal';
import { Role } from './role.enum';
import { User } from './user.model';

export const IS_PUBLIC = 'liaison:isPublic';
export const REQUIRED_ROLES = 'liaison:roles';
export const OWN_SESSION = 'liaison:ownSession';

/** Reachable without a token (login, refresh, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the handler. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/**
 * A mutation on the caller's own login (logout, password change): open to
 * every signed-in user, VIEWERs included; closed to API keys, which have no
 * session or password.
 */
export const OwnSession = () => SetMetadata(OWN_SESSION, true);

export type AuthenticatedRequest = Request & {
  /** Set by AuthGuard once per request. */
  principal?: Principal;
  /** The attributed user (`principal.user`), for code that reads the request (audit trail). */
  user?: User;
  /** Set when an API key authenticated the request. */
  apiKey?: { id: string; name: string };
  /** The authentication in flight, shared by the guards of parallel top-level fields. */
  authentication?: Promise<Principal>;
};

export function requestOf(context: ExecutionContext): AuthenticatedRequest {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req;
  }
  return context.switchToHttp().getRequest<AuthenticatedRequest>();
}

/**
 * The user of the request (set by AuthGuard). With an API key: the admin who
 * created it, with the key's role (see Principal).
 */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext) => requestOf(context).user);

/** The full caller: user or API key, session id, effective role. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => requestOf(context).principal,
);
