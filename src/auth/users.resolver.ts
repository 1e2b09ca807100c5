import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Roles } from './auth.decorators';
import { ChangeUserRoleArgs } from './dto/change-user-role.args';
import { CreateUserInput } from './dto/create-user.input';
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
}
