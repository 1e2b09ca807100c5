import { registerEnumType } from '@nestjs/graphql';
import { Role } from './role.enum';

export enum ApiKeyRole {
  READ_ONLY = 'READ_ONLY',
  READ_WRITE = 'READ_WRITE',
}

registerEnumType(ApiKeyRole, {
  name: 'ApiKeyRole',
  description: 'READ_ONLY acts as a VIEWER, READ_WRITE as STAFF; no key has admin rights',
});

/** The user role a key acts with; never ADMIN. */
export const ROLE_OF_API_KEY: Record<ApiKeyRole, Role> = {
  [ApiKeyRole.READ_ONLY]: Role.VIEWER,
  [ApiKeyRole.READ_WRITE]: Role.STAFF,
};
