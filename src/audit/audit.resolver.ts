import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../auth/auth.decorators';
import { User } from '../auth/user.model';
import { AuditEntryConnection } from './audit.model';
import { AuditService } from './audit.service';
import { AuditTrailArgs } from './dto/audit.args';

@Resolver()
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => AuditEntryConnection, { description: "A record's changes, newest first: admins, and the record's owner (lead owner, task assignee, note author)" })
  auditTrail(@Args() { recordType, recordId, first, after }: AuditTrailArgs, @CurrentUser() user: User) {
    return this.audit.trail(user, recordType, recordId, first, after);
  }
}
