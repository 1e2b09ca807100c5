import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { Role } from '../auth/role.enum';
import { User } from '../auth/user.model';
import type { GraphQLContext } from '../common/graphql/graphql-context';
import { Task } from '../tasks/task.model';
import { DigestDateArgs } from './dto/digest-date.args';
import { Digest, DigestRun, DigestStaleLead } from './digest.model';
import { DigestService } from './digest.service';

@Resolver(() => Digest)
export class DigestResolver {
  constructor(private readonly service: DigestService) {}

  @Query(() => Digest, { nullable: true, description: "The caller's reminder digest of the day (today when omitted); null when none was built" })
  myDigest(@Args() { date }: DigestDateArgs, @CurrentUser() user: User): Promise<Digest | null> {
    return this.service.findMine(user.id, date);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => DigestRun, { description: "Rebuilds every user's digest of the day (today when omitted); running it twice is harmless" })
  runDigestNow(@Args() { date }: DigestDateArgs): Promise<DigestRun> {
    return this.service.rebuild(date ?? undefined);
  }

  @ResolveField(() => [Task], { description: 'OPEN tasks assigned to the user, due on the digest date' })
  tasksDueToday(@Parent() digest: Digest, @Context() { loaders }: GraphQLContext): Promise<Task[]> {
    return this.service.liveTasks(digest.content.tasksDueToday, loaders);
  }

  @ResolveField(() => [Task], { description: 'OPEN tasks assigned to the user, due before the digest date, earliest first' })
  overdueTasks(@Parent() digest: Digest, @Context() { loaders }: GraphQLContext): Promise<Task[]> {
    return this.service.liveTasks(digest.content.overdueTasks, loaders);
  }

  @ResolveField(() => [DigestStaleLead], { description: "The user's open leads without activity for DIGEST_STALE_DAYS, most silent first" })
  staleLeads(@Parent() digest: Digest, @Context() { loaders }: GraphQLContext): Promise<DigestStaleLead[]> {
    return this.service.liveStaleLeads(digest, loaders);
  }
}
