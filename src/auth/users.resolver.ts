import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Roles } from './auth.decorators';
import { ChangeUserRoleArgs } from './dto/change-user-role.args';
import { CreateUserInput } from './dto/create-user.input';
import { ResetUserPasswordArgs, UserIdArgs } from './dto/session.args';
import { Role } from './role.enum';
import { User } from './user.model';
import { UsersService } from './users.service';

@Resolver(() => User)
@Roles(Role.ADMIN)
export class UsersResolver {
  constructor(private readonly users: UsersService) {}

  @Query(() => [User], { name: 'users', description: 'All staff accounts (admins only)' })
  listUsers(): Promise<User[]> {
    return this.users.list();
  }

  @Mutation(() => User, { description: 'Create a staff account (admins only)' })
  createUser(@Args('input') input: CreateUserInput): Promise<User> {
    return this.users.createUser(input);
  }

  @Mutation(() => User, { description: "Change a user's role (admins only); the last admin keeps ADMIN" })
  changeUserRole(@Args() { userId, role }: ChangeUserRoleArgs): Promise<User> {
    return this.users.changeUserRole(userId, role);
  }

  @Mutation(() => User, {
    description: 'Disable an account at once: no login, its sessions end, API keys it created pause (admins only)',
  })
  disableUser(@Args() { userId }: UserIdArgs): Promise<User> {
    return this.users.disableUser(userId);
  }

  @Mutation(() => User, { description: 'Enable a disabled account; it logs in again (admins only)' })
  enableUser(@Args() { userId }: UserIdArgs): Promise<User> {
    return this.users.enableUser(userId);
  }

  @Mutation(() => User, { description: "Set a user's password; all their sessions end (admins only)" })
  resetUserPassword(@Args() { userId, newPassword }: ResetUserPasswordArgs): Promise<User> {
    return this.users.resetUserPassword(userId, newPassword);
  }
}
