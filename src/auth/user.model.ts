import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Role } from './role.enum';

/** A staff account as the API shows it: never a password or hash. */
@ObjectType('User')
export class User {
  @Field(() => ID)
  id: string;

  @Field()
  email: string;

  @Field()
  displayName: string;

  @Field(() => Role)
  role: Role;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;

  @Field(() => Int)
  version: number;

  @Field(() => Date, { nullable: true, description: 'Set while the account is disabled' })
  disabledAt: Date | null;
}

@ObjectType()
export class AuthPayload {
  @Field({ description: 'Short-lived access token for the Authorization header' })
  token: string;

  @Field({ description: 'When the access token expires; renew it with refreshSession' })
  expiresAt: Date;

  @Field({ description: 'Shown once: exchange it with refreshSession for a new pair; it works once' })
  refreshToken: string;

  @Field({ description: 'When the session ends and the user must log in again' })
  refreshExpiresAt: Date;

  @Field(() => User)
  user: User;
}
