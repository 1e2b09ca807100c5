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
}

@ObjectType()
export class AuthPayload {
  @Field({ description: 'Bearer token for the Authorization header' })
  token: string;

  @Field()
  expiresAt: Date;

  @Field(() => User)
  user: User;
}
