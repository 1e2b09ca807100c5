import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ArgsType, Field } from '@nestjs/graphql';
import { IsBoolean, IsOptional } from 'class-validator';
import { Roles } from '../auth/auth.decorators';
import { Role } from '../auth/role.enum';
import { User } from '../auth/user.model';
import type { GraphQLContext } from '../common/graphql/graphql-context';
import { IdArgs } from '../common/graphql/id.args';
import { CreateTeamInput, TeamMemberArgs, UpdateTeamArgs } from './dto/team.input';
import { Team } from './team.model';
import { TeamsService } from './teams.service';

@ArgsType()
class TeamsArgs {
  @Field({ defaultValue: false })
  @IsOptional()
  @IsBoolean()
  includeArchived: boolean = false;
}

@Resolver(() => Team)
export class TeamsResolver {
  constructor(private readonly service: TeamsService) {}

  @Query(() => [Team], { description: 'Teams by name (every signed-in user may list them, to pick one for a confidential record)' })
  teams(@Args() { includeArchived }: TeamsArgs): Promise<Team[]> {
    return this.service.list(includeArchived);
  }

  @Query(() => Team)
  team(@Args() { id }: IdArgs): Promise<Team> {
    return this.service.get(id);
  }

  @Mutation(() => Team, { description: 'Create a team (admins only)' })
  @Roles(Role.ADMIN)
  createTeam(@Args('input') input: CreateTeamInput): Promise<Team> {
    return this.service.create(input);
  }

  @Mutation(() => Team, { description: 'Rename a team or change its description (admins only)' })
  @Roles(Role.ADMIN)
  updateTeam(@Args() { id, expectedVersion, input }: UpdateTeamArgs): Promise<Team> {
    return this.service.update(id, expectedVersion, input);
  }

  @Mutation(() => Team, { description: 'Archive a team: hidden from lists; its records keep it (admins only)' })
  @Roles(Role.ADMIN)
  archiveTeam(@Args() { id }: IdArgs): Promise<Team> {
    return this.service.setArchived(id, true);
  }

  @Mutation(() => Team, { description: 'Restore an archived team (admins only)' })
  @Roles(Role.ADMIN)
  restoreTeam(@Args() { id }: IdArgs): Promise<Team> {
    return this.service.setArchived(id, false);
  }

  @Mutation(() => Team, { description: 'Add a user to a team; adding twice is harmless (admins only)' })
  @Roles(Role.ADMIN)
  addTeamMember(@Args() { teamId, userId }: TeamMemberArgs): Promise<Team> {
    return this.service.addMember(teamId, userId);
  }

  @Mutation(() => Team, {
    description: "Remove a user from a team; they stop seeing its confidential records at once (admins only)",
  })
  @Roles(Role.ADMIN)
  removeTeamMember(@Args() { teamId, userId }: TeamMemberArgs): Promise<Team> {
    return this.service.removeMember(teamId, userId);
  }

  @ResolveField(() => [User], { description: 'Members in joining order' })
  members(@Parent() team: Team, @Context() { loaders }: GraphQLContext): Promise<User[]> {
    return this.service.membersOf(team.id, loaders);
  }
}

@Resolver(() => User)
export class UserTeamsResolver {
  constructor(private readonly service: TeamsService) {}

  @ResolveField(() => [Team], { description: 'Unarchived teams the user is in, by name' })
  teams(@Parent() user: User, @Context() { loaders }: GraphQLContext): Promise<Team[]> {
    return this.service.teamsOf(user.id, loaders);
  }
}
