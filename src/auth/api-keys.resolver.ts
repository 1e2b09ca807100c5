import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IdArgs } from '../common/graphql/id.args';
import { GraphQLContext } from '../common/graphql/graphql-context';
import { CurrentUser, Roles } from './auth.decorators';
import { ApiKey, CreatedApiKey } from './api-key.model';
import { ApiKeysService } from './api-keys.service';
import { ApiKeysArgs, CreateApiKeyInput } from './dto/api-key.input';
import { Role } from './role.enum';
import { User } from './user.model';
import { UsersService } from './users.service';

@Resolver(() => ApiKey)
@Roles(Role.ADMIN)
export class ApiKeysResolver {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly users: UsersService,
  ) {}

  @Query(() => [ApiKey], { name: 'apiKeys', description: 'API keys, newest first (admins only)' })
  listApiKeys(@Args() { includeRevoked }: ApiKeysArgs): Promise<ApiKey[]> {
    return this.apiKeys.list(includeRevoked);
  }

  @Mutation(() => CreatedApiKey, { description: 'Create an API key; its secret is shown in this response only (admins only)' })
  createApiKey(@Args('input') input: CreateApiKeyInput, @CurrentUser() user: User): Promise<CreatedApiKey> {
    return this.apiKeys.create(user, input);
  }

  @Mutation(() => ApiKey, { description: 'Revoke an API key; it stops working at once (admins only)' })
  revokeApiKey(@Args() { id }: IdArgs): Promise<ApiKey> {
    return this.apiKeys.revoke(id);
  }

  @ResolveField(() => User)
  createdBy(@Parent() key: ApiKey, @Context() { loaders }: GraphQLContext) {
    return this.users.byId(loaders).load(key.createdById);
  }
}
