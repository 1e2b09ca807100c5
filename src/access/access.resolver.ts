import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { User } from '../auth/user.model';
import type { GraphQLContext } from '../common/graphql/graphql-context';
import { Lead } from '../leads/lead.model';
import { Meeting } from '../meetings/meeting.model';
import { Team } from '../teams/team.model';
import { TeamsService } from '../teams/teams.service';
import { AccessService } from './access.service';

@Resolver(() => Lead)
export class LeadAccessResolver {
  constructor(
    private readonly access: AccessService,
    private readonly teams: TeamsService,
  ) {}

  @ResolveField(() => Team, { nullable: true, description: 'The team a CONFIDENTIAL lead belongs to' })
  team(@Parent() lead: Lead, @Context() { loaders }: GraphQLContext): Promise<Team | null> {
    return lead.teamId ? this.teams.byId(loaders).load(lead.teamId) : Promise.resolve(null);
  }

  @ResolveField(() => [User], { description: 'Named extra users who may see it while CONFIDENTIAL' })
  sharedWith(@Parent() lead: Lead, @Context() { loaders }: GraphQLContext): Promise<User[]> {
    return this.access.sharedWith('LEAD', lead.id, loaders);
  }
}

@Resolver(() => Meeting)
export class MeetingAccessResolver {
  constructor(
    private readonly access: AccessService,
    private readonly teams: TeamsService,
  ) {}

  @ResolveField(() => Team, { nullable: true, description: 'The team a CONFIDENTIAL meeting belongs to' })
  team(@Parent() meeting: Meeting, @Context() { loaders }: GraphQLContext): Promise<Team | null> {
    return meeting.teamId ? this.teams.byId(loaders).load(meeting.teamId) : Promise.resolve(null);
  }

  @ResolveField(() => [User], { description: 'Named extra users who may see it while CONFIDENTIAL' })
  sharedWith(@Parent() meeting: Meeting, @Context() { loaders }: GraphQLContext): Promise<User[]> {
    return this.access.sharedWith('MEETING', meeting.id, loaders);
  }
}
