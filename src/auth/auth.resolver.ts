import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, Public } from './auth.decorators';
import { AuthService } from './auth.service';
import { LoginArgs } from './dto/login.args';
import { AuthPayload, User } from './user.model';

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Mutation(() => AuthPayload, { description: 'Exchange email and password for a bearer token' })
  login(@Args() { email, password }: LoginArgs): Promise<AuthPayload> {
    return this.auth.login(email, password);
  }

  @Query(() => User, { description: 'The user the token belongs to' })
  me(@CurrentUser() user: User): User {
    return user;
  }
}
