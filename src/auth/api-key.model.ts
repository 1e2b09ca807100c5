import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ApiKeyRole } from './api-key-role.enum';

/** An integration's key as the API shows it: never the secret or its hash. */
@ObjectType('ApiKey')
export class ApiKey {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => ApiKeyRole)
  role: ApiKeyRole;

  @Field({ description: 'The first characters of the secret after "lsn_", to tell keys apart' })
  prefix: string;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  expiresAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Recorded at most once a minute' })
  lastUsedAt: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;

  /** Resolved to `createdBy` through the users loader. */
  createdById: string;
}

@ObjectType()
export class CreatedApiKey {
  @Field(() => ApiKey)
  apiKey: ApiKey;

  @Field({ description: 'Shown only in this response: send it as `x-api-key` or `Authorization: Bearer`' })
  secret: string;
}
