/**
 * Every table that links to a person or an organisation, and how a merge
 * moves its rows. A table missing here would stop the merge: deleting the
 * merged record fails on its foreign key (tables keyed by record type and
 * id, which have none, are listed with `where`). The property test checks
 * every link exists exactly once after a merge.
 */
export interface LinkSpec {
  table: string;
  /** The column that points at the record. */
  column: string;
  /** The primary key, to find a row again when the merge is undone. */
  key: readonly string[];
  /** Rows of other record types in a table keyed by (record_type, record_id). */
  where?: (alias: string) => string;
  /**
   * When the merged record's row `m` and the survivor's row `s` would be one
   * link twice (both people in one meeting): only the richer is kept.
   */
  double?: string;
  /** How much a row (under `alias`) holds; of doubles the richer stays, the survivor's on a tie. */
  richness?: (alias: string) => string;
  /** A row whose other end is the survivor (a network merged with its member) would link it to itself: removed. */
  selfColumn?: string;
  /** A value read before anything moves, from the survivor id `$1`, that `onMove` reads as `$3`. */
  moveContext?: string;
  /** Extra assignments for moved rows, over the row `r`, the survivor id `$1` and `moveContext` as `$3`. */
  onMove?: string;
}

const current = (a: string) => `${a}.archived_at IS NULL AND (${a}.end_date IS NULL OR ${a}.end_date > current_date)`;
const currentMembership = (a: string) => `${a}.archived_at IS NULL AND (${a}.until IS NULL OR ${a}.until > current_date)`;
const affiliationRichness = (a: string) =>
  `((${a}.job_title IS NOT NULL)::int + (${a}.department IS NOT NULL)::int + (${a}.start_date IS NOT NULL)::int + ${a}.is_primary::int)`;
const ofType = (type: string) => (a: string) => `${a}.record_type = '${type}'`;

export const PERSON_LINKS: readonly LinkSpec[] = [
  {
    table: 'affiliations',
    column: 'person_id',
    key: ['id'],
    double: `s.organisation_id = m.organisation_id AND ${current('s')} AND ${current('m')}`,
    richness: affiliationRichness,
    // The survivor's primary organisation stays the primary one (on the merged row, if that row was
    // the richer double); the merged person's primary stays only when the survivor had none.
    moveContext: `(SELECT sp.organisation_id FROM affiliations sp WHERE sp.person_id = $1 AND sp.is_primary AND ${current('sp')} LIMIT 1)`,
    onMove: `is_primary = CASE WHEN $3::uuid IS NULL THEN r.is_primary ELSE r.organisation_id = $3::uuid AND ${current('r')} END`,
  },
  { table: 'meeting_participants', column: 'person_id', key: ['meeting_id', 'person_id'], double: 's.meeting_id = m.meeting_id' },
  { table: 'lead_contacts', column: 'person_id', key: ['lead_id', 'person_id'], double: 's.lead_id = m.lead_id' },
  { table: 'trip_delegates', column: 'person_id', key: ['trip_id', 'person_id'], double: 's.trip_id = m.trip_id' },
  { table: 'tasks', column: 'person_id', key: ['id'] },
  { table: 'tasks', column: 'promised_by_id', key: ['id'] },
  { table: 'notes', column: 'record_id', key: ['id'], where: ofType('PERSON') },
  { table: 'taggings', column: 'record_id', key: ['record_type', 'record_id', 'tag'], where: ofType('PERSON'), double: 's.tag = m.tag' },
  {
    table: 'record_access',
    column: 'record_id',
    key: ['record_type', 'record_id', 'user_id'],
    where: ofType('PERSON'),
    double: 's.user_id = m.user_id',
  },
];

export const ORGANISATION_LINKS: readonly LinkSpec[] = [
  {
    table: 'affiliations',
    column: 'organisation_id',
    key: ['id'],
    double: `s.person_id = m.person_id AND ${current('s')} AND ${current('m')}`,
    richness: affiliationRichness,
  },
  {
    table: 'organisation_memberships',
    column: 'member_id',
    key: ['id'],
    double: `s.network_id = m.network_id AND ${currentMembership('s')} AND ${currentMembership('m')}`,
    richness: (a) => `(${a}.since IS NOT NULL)::int`,
    selfColumn: 'network_id',
  },
  {
    table: 'organisation_memberships',
    column: 'network_id',
    key: ['id'],
    double: `s.member_id = m.member_id AND ${currentMembership('s')} AND ${currentMembership('m')}`,
    richness: (a) => `(${a}.since IS NOT NULL)::int`,
    selfColumn: 'member_id',
  },
  { table: 'organisations', column: 'parent_id', key: ['id'] },
  { table: 'partnership_parties', column: 'organisation_id', key: ['partnership_id', 'organisation_id'], double: 's.partnership_id = m.partnership_id' },
  { table: 'meeting_organisations', column: 'organisation_id', key: ['meeting_id', 'organisation_id'], double: 's.meeting_id = m.meeting_id' },
  { table: 'lead_organisations', column: 'organisation_id', key: ['lead_id', 'organisation_id'], double: 's.lead_id = m.lead_id' },
  { table: 'trips', column: 'organiser_id', key: ['id'] },
  { table: 'tasks', column: 'organisation_id', key: ['id'] },
  { table: 'notes', column: 'record_id', key: ['id'], where: ofType('ORGANISATION') },
  { table: 'taggings', column: 'record_id', key: ['record_type', 'record_id', 'tag'], where: ofType('ORGANISATION'), double: 's.tag = m.tag' },
  {
    table: 'record_access',
    column: 'record_id',
    key: ['record_type', 'record_id', 'user_id'],
    where: ofType('ORGANISATION'),
    double: 's.user_id = m.user_id',
  },
];

export type Row = Record<string, unknown>;

/** One link row a merge changed: moved to the survivor (with its images before and after) or removed as a double. */
export interface LinkChange {
  table: string;
  column: string;
  action: 'MOVED' | 'REMOVED';
  before: Row;
  after?: Row;
}

/** The spec a recorded change was made under. */
export function specOf(specs: readonly LinkSpec[], change: LinkChange): LinkSpec {
  const spec = specs.find((s) => s.table === change.table && s.column === change.column);
  if (!spec) throw new Error(`no link spec for ${change.table}.${change.column}`);
  return spec;
}

/** JSON with object keys sorted, so two images of one row compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Row)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The columns whose values differ between two images of one row. */
export function changedColumns(before: Row, after: Row, ignore: readonly string[] = []): string[] {
  return Object.keys(before).filter((column) => !ignore.includes(column) && canonicalJson(before[column]) !== canonicalJson(after[column]));
}
