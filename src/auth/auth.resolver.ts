import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { CurrentPrincipal, CurrentUser, OwnSession, Public } from './auth.decorators';
import { AuthService } from './auth.service';
import { LoginArgs } from './dto/login.args';
import { ChangePasswordArgs, RefreshSessionArgs } from './dto/session.args';
import { Principal } from './principal';
import { SessionsService } from './sessions.service';
import { AuthPayload, User } from './user.model';
import { UsersService } from './users.service';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Mutation(() => AuthPayload, { description: 'Exchange email and password for an access token and a refresh token' })
  login(@Args() { email, password }: LoginArgs, @Context('req') req: Request): Promise<AuthPayload> {
    return this.auth.login(email, password, req.ip ?? 'unknown');
  }

  @Public()
  @Mutation(() => AuthPayload, {
    description: 'Exchange a refresh token for a new access token and refresh token; the old refresh token stops working',
  })
  refreshSession(@Args() { refreshToken }: RefreshSessionArgs): Promise<AuthPayload> {
    return this.sessions.refresh(refreshToken);
  }

  @OwnSession()
  @Mutation(() => Boolean, { description: "End the caller's session: its access and refresh tokens stop working" })
  logout(@CurrentPrincipal() principal: Principal): Promise<boolean> {
    return this.sessions.logout(principal);
  }

  @OwnSession()
  @Mutation(() => Boolean, { description: "End every session of the caller's account, this one included" })
  logoutEverywhere(@CurrentPrincipal() principal: Principal): Promise<boolean> {
    return this.sessions.logoutEverywhere(principal);
  }

  @OwnSession()
  @Mutation(() => Boolean, { description: "Change the caller's password; their other sessions end" })
  changePassword(
    @Args() { oldPassword, newPassword }: ChangePasswordArgs,
    @CurrentPrincipal() principal: Principal,
    @Context('req') req: Request,
  ): Promise<boolean> {
    return this.users.changePassword(principal, oldPassword, newPassword, req.ip ?? 'unknown');
  }

  @Query(() => User, {
    description: 'The user the token belongs to; for an API key, the admin who created it, with the role of the key',
  })
  me(@CurrentUser() user: User): User {
    return user;
  }
}
