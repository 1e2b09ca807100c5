import { UserEntity } from './auth/user.entity';
import { OrganisationEntity } from './organisations/organisation.entity';

/** Every table definition, for the DataSource the app, CLI and tests share. */
export const ENTITIES = [UserEntity, OrganisationEntity];
