import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AuthenticatedRequest } from '../auth/auth.decorators';
import { CalendarFeedsService } from './calendar-feeds.service';

/**
 * For GET /calendar/:token.ics, which calendar apps fetch without any header:
 * the token in the URL is the credential. The feed's user becomes the
 * request's principal, so the access policy and the audit trail see them, as
 * AuthGuard does for tokens and keys.
 */
@Injectable()
export class CalendarFeedGuard implements CanActivate {
  constructor(private readonly feeds: CalendarFeedsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.feeds.authenticate(String(req.params.token ?? ''));
    req.principal = principal;
    req.user = principal.user;
    return true;
  }
}
