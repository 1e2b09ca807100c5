import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { LiaisonException } from '../common/errors/liaison.exception';
import { IS_PUBLIC, REQUIRED_ROLES, requestOf } from './auth.decorators';
import { AuthService } from './auth.service';
import { Role } from './role.enum';

/**
 * Global guard: every handler needs a valid bearer token unless @Public;
 * VIEWER may call no mutation; @Roles narrows further.
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
    if (!req.user) {
      const header = req.headers.authorization ?? '';
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw LiaisonException.unauthenticated();
      req.user = await this.auth.authenticate(match[1]);
    }
    const user = req.user;

    if (context.getType<string>() === 'graphql' && user.role === Role.VIEWER) {
      const operation = GqlExecutionContext.create(context).getInfo<{ parentType: { name: string } }>();
      if (operation.parentType.name === 'Mutation') {
        throw LiaisonException.forbidden('VIEWER users may not change data');
      }
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(user.role)) {
      throw LiaisonException.forbidden(`Requires role ${roles.join(' or ')}`);
    }
    return true;
  }
}
