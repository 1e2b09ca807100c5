import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from '../auth/principal';
import { Role } from '../auth/role.enum';
import { currentRequest } from '../common/request-context';

/**
 * Who is reading, as far as confidentiality is concerned.
 * - USER: a signed-in user; sees CONFIDENTIAL records of their teams, those
 *   they are named on, the leads they own, and all of them if ADMIN.
 * - API_KEY: an integration; sees INTERNAL records only (a key belongs to no
 *   team and is never named on a record).
 * - SYSTEM: code that must see everything and says so with `asSystem()`
 *   (the seed, the initial admin, operations tooling). A job that works for
 *   one user runs its reads `asViewer()` that user (the digest).
 * - ANONYMOUS: no principal: a request without one (login, health), or code
 *   outside any request that did not say who it reads as; sees INTERNAL only,
 *   so a forgotten `asViewer` hides confidential records instead of leaking them.
 */
export type Viewer =
  | { kind: 'USER'; userId: string; role: Role }
  | { kind: 'API_KEY'; role: Role }
  | { kind: 'SYSTEM' }
  | { kind: 'ANONYMOUS' };

export type GuardedRecord = 'LEAD' | 'MEETING';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const override = new AsyncLocalStorage<Viewer>();

/** Runs `fn` reading as `viewer` (a scheduled job building one user's digest). */
export function asViewer<T>(viewer: Viewer, fn: () => T): T {
  return override.run(viewer, fn);
}

/** Runs `fn` seeing every record, confidential or not: for code that must, and says so here. */
export function asSystem<T>(fn: () => T): T {
  return asViewer({ kind: 'SYSTEM' }, fn);
}

export function viewerOf(principal: Principal): Viewer {
  if (principal.kind === 'API_KEY') return { kind: 'API_KEY', role: principal.role };
  return { kind: 'USER', userId: principal.userId, role: principal.role };
}

/**
 * The viewer set by `asViewer`/`asSystem`, else the current request's; outside
 * both, ANONYMOUS (INTERNAL records only): failing closed.
 */
export function currentViewer(): Viewer {
  const forced = override.getStore();
  if (forced) return forced;
  const req = currentRequest() as (ReturnType<typeof currentRequest> & { principal?: Principal }) | undefined;
  return req?.principal ? viewerOf(req.principal) : { kind: 'ANONYMOUS' };
}

/** Whether the viewer sees every record, confidential or not. */
export function seesEverything(viewer: Viewer): boolean {
  return viewer.kind === 'SYSTEM' || (viewer.kind === 'USER' && viewer.role === Role.ADMIN);
}

/**
 * THE policy: a SQL condition on a lead or meeting row (under `alias`) that
 * holds exactly when `viewer` may see it. Every read of leads and meetings,
 * and of anything hanging off them (stage history, tasks, notes, tags,
 * partnerships, report figures, exports, timelines), goes through this
 * condition or through `leadRefVisible`/`meetingRefVisible`/`recordRefVisible`,
 * which are built from it.
 *
 * A record is visible when it is INTERNAL, or the viewer is an admin, or the
 * viewer is in the record's team, is named on it (record_access), or owns it
 * (leads). The viewer's id is inlined as a checked uuid literal, so the
 * condition can be dropped into any statement without threading parameters.
 */
export function visibleSql(record: GuardedRecord, alias: string, viewer: Viewer = currentViewer()): string {
  if (seesEverything(viewer)) return 'TRUE';
  const internal = `${alias}.confidentiality = 'INTERNAL'`;
  if (viewer.kind !== 'USER') return `(${internal})`;
  if (!UUID.test(viewer.userId)) throw new Error('viewer id is not a uuid');
  const me = `'${viewer.userId}'::uuid`;
  const clauses = [
    internal,
    ...(record === 'LEAD' ? [`${alias}.owner_id = ${me}`] : []),
    `${alias}.team_id IN (SELECT tm.team_id FROM team_members tm WHERE tm.user_id = ${me})`,
    `EXISTS (SELECT 1 FROM record_access ra WHERE ra.record_type = '${record}' AND ra.record_id = ${alias}.id AND ra.user_id = ${me})`,
  ];
  return `(${clauses.join(' OR ')})`;
}

/** A nullable lead id column (a task's, a partnership's) points to nothing or to a lead the viewer sees. */
export function leadRefVisible(leadIdSql: string, viewer: Viewer = currentViewer()): string {
  if (seesEverything(viewer)) return 'TRUE';
  return `(${leadIdSql} IS NULL OR EXISTS (SELECT 1 FROM leads vl WHERE vl.id = ${leadIdSql} AND ${visibleSql('LEAD', 'vl', viewer)}))`;
}

/** A nullable meeting id column points to nothing or to a meeting the viewer sees. */
export function meetingRefVisible(meetingIdSql: string, viewer: Viewer = currentViewer()): string {
  if (seesEverything(viewer)) return 'TRUE';
  return `(${meetingIdSql} IS NULL OR EXISTS (SELECT 1 FROM meetings vm WHERE vm.id = ${meetingIdSql} AND ${visibleSql('MEETING', 'vm', viewer)}))`;
}

/** A task (under `alias`) is as confidential as the lead and the meeting it belongs to. */
export function taskVisibleSql(alias: string, viewer: Viewer = currentViewer()): string {
  return and(leadRefVisible(`${alias}.lead_id`, viewer), meetingRefVisible(`${alias}.meeting_id`, viewer));
}

/** A (record_type, record_id) pair (notes, taggings) names a record the viewer sees. */
export function recordRefVisible(typeSql: string, idSql: string, viewer: Viewer = currentViewer()): string {
  if (seesEverything(viewer)) return 'TRUE';
  return `(${typeSql} NOT IN ('LEAD', 'MEETING')
    OR (${typeSql} = 'LEAD' AND EXISTS (SELECT 1 FROM leads vl WHERE vl.id = ${idSql} AND ${visibleSql('LEAD', 'vl', viewer)}))
    OR (${typeSql} = 'MEETING' AND EXISTS (SELECT 1 FROM meetings vm WHERE vm.id = ${idSql} AND ${visibleSql('MEETING', 'vm', viewer)})))`;
}

/** For a statement over any record table under `alias`: the policy's condition for leads and meetings, TRUE otherwise. */
export function tableVisibleSql(table: string, alias: string, viewer: Viewer = currentViewer()): string {
  if (table === 'leads') return visibleSql('LEAD', alias, viewer);
  if (table === 'meetings') return visibleSql('MEETING', alias, viewer);
  return 'TRUE';
}

/** The ids of a team's members, as a subquery (`teamParam` is a bound uuid parameter). */
export function teamMembersSql(teamParam: string): string {
  return `SELECT tm.user_id FROM team_members tm WHERE tm.team_id = ${teamParam}::uuid`;
}

/** A lead of a team: held by it, or owned by one of its members (`teamParam` is a bound uuid parameter). */
export function leadOfTeamSql(alias: string, teamParam: string): string {
  return `(${alias}.team_id = ${teamParam}::uuid OR ${alias}.owner_id IN (${teamMembersSql(teamParam)}))`;
}

/** Conditions AND-ed, leaving out TRUE ones. */
export function and(...conditions: string[]): string {
  const real = conditions.filter((condition) => condition !== 'TRUE');
  return real.length ? real.join(' AND ') : 'TRUE';
}
