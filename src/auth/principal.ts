import { Role } from './role.enum';
import { User } from './user.model';

/**
 * Who is calling: a user through a session, or an integration through an API key.
 *
 * An API key acts for the admin who created it, with the key's role (never
 * ADMIN, and never more than the creator's current role): `user` is that
 * admin with the effective role, so `@CurrentUser()` keeps working for
 * attribution (a lead's owner, a note's author) while role checks (notes
 * editable by their author or an admin) see the key's role.
 */
export interface Principal {
  kind: 'USER' | 'API_KEY';
  /** The user's id, or the API key's id. */
  id: string;
  /** Effective role: what the guard and services check. */
  role: Role;
  /** The user changes are attributed to: the user, or the key's creator. */
  userId: string;
  /** That user, with `role` set to the effective role. */
  user: User;
  /** The session of the access token; null for API keys. */
  sessionId: string | null;
  apiKeyId: string | null;
  apiKeyName: string | null;
}

const ROLE_RANK: Record<Role, number> = { [Role.VIEWER]: 0, [Role.STAFF]: 1, [Role.ADMIN]: 2 };

/** The lesser of two roles. */
export function weakerRole(a: Role, b: Role): Role {
  return ROLE_RANK[a] <= ROLE_RANK[b] ? a : b;
}
