import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SortDirection } from '../common/graphql/sort-direction.enum';
import { leadOfTeamSql, leadRefVisible, meetingRefVisible, visibleSql } from '../access/access-policy';
import { SqlParams } from '../database/sql';
import { countWhere, Db, findKeysetPage, Table } from '../database/table';
import { LeadFilter, LeadOrderField } from './dto/leads.args';
import { LeadSide, LeadStage } from './lead.enums';
import { Lead, LeadOrganisation, LeadStageChange } from './lead.model';
import { CLOSED_STAGES } from './lead-pipeline';

export const leadsTable = new Table<Lead>({
  table: 'leads',
  alias: 'l',
  recordType: 'Lead',
  columns: {
    id: 'id',
    title: 'title',
    description: 'description',
    kind: 'kind',
    topics: 'topics',
    stage: 'stage',
    stageChangedAt: 'stage_changed_at',
    ownerId: 'owner_id',
    originTripId: 'origin_trip_id',
    originMeetingId: 'origin_meeting_id',
    estimatedValue: 'estimated_value',
    potentialJobs: 'potential_jobs',
    probability: 'probability',
    nextStep: 'next_step',
    nextStepDate: 'next_step_date',
    closedReason: 'closed_reason',
    confidentiality: 'confidentiality',
    teamId: 'team_id',
    archivedAt: 'archived_at',
    createdAt: 'created_at',
    updatedAt: 'updated_at',
    version: 'version',
  },
  computed: { isOpen: `(l.stage NOT IN ('WON', 'LOST'))` },
  // stage, stage_changed_at and closed_reason are left out on purpose: they
  // change only with a recorded stage move (LeadsRepository.moveStage).
  writable: [
    'title',
    'description',
    'kind',
    'topics',
    'ownerId',
    'originTripId',
    'originMeetingId',
    'estimatedValue',
    'potentialJobs',
    'probability',
    'nextStep',
    'nextStepDate',
    'confidentiality',
    'teamId',
  ],
  visibility: () => visibleSql('LEAD', 'l'),
});

const STAGE_CHANGE_COLUMNS = `id, lead_id AS "leadId", from_stage AS "fromStage", to_stage AS "toStage", reason,
  changed_by AS "changedBy", changed_at AS "changedAt"`;

const CLOSED = `ARRAY[${CLOSED_STAGES.map((stage) => `'${stage}'`).join(', ')}]::lead_stage[]`;

/** Nullable sort columns get a stand-in, because a keyset cursor cannot compare NULL. */
const SORT_KEYS: Record<LeadOrderField, { sql: string; type: string }> = {
  [LeadOrderField.UPDATED_AT]: { sql: 'l.updated_at', type: 'timestamptz' },
  [LeadOrderField.NEXT_STEP_DATE]: { sql: `COALESCE(l.next_step_date, DATE '9999-12-31')`, type: 'date' },
  [LeadOrderField.ESTIMATED_VALUE]: { sql: 'COALESCE(l.estimated_value, -1)', type: 'numeric' },
  [LeadOrderField.TITLE]: { sql: 'liaison_fold(l.title) COLLATE "C"', type: 'text' },
};

export interface LeadPageQuery {
  filter?: LeadFilter;
  orderField: LeadOrderField;
  direction: SortDirection;
  first: number;
  after?: unknown[];
}

export interface NewStageChange {
  leadId: string;
  fromStage: LeadStage | null;
  toStage: LeadStage;
  reason: string | null;
  changedBy: string;
}

export type Grouped<T> = T & { groupKey: string };

/** Tables whose ids a lead references, for existence checks inside the lead's transaction. */
type ReferencedTable = 'organisations' | 'people' | 'trips' | 'users';

/** SQL for leads, their organisations, contacts and stage history: plain rows. */
@Injectable()
export class LeadsRepository {
  readonly leads = leadsTable;

  constructor(private readonly dataSource: DataSource) {}

  findByIds(ids: readonly string[], db: Db = this.dataSource.manager): Promise<Lead[]> {
    return this.leads.findByIds(db, ids);
  }

  findPage(query: LeadPageQuery) {
    const params = new SqlParams();
    const sortKey = SORT_KEYS[query.orderField];
    return findKeysetPage<Lead>(this.dataSource.manager, {
      select: this.leads.select,
      from: this.leads.from,
      where: this.filterConditions(query.filter, params),
      params,
      sortKey: sortKey.sql,
      sortType: sortKey.type,
      idColumn: 'l.id',
      direction: query.direction,
      first: query.first,
      after: query.after,
    });
  }

  count(filter?: LeadFilter): Promise<number> {
    const params = new SqlParams();
    return countWhere(this.dataSource.manager, this.leads.from, this.filterConditions(filter, params), params);
  }

  private filterConditions(filter: LeadFilter | undefined, params: SqlParams): string[] {
    const where: string[] = this.leads.visibleWhere();
    if (!filter?.includeArchived) where.push('l.archived_at IS NULL');
    if (!filter) return where;
    if (filter.stages?.length) where.push(`l.stage = ANY(${params.add(filter.stages)}::lead_stage[])`);
    if (filter.kinds?.length) where.push(`l.kind = ANY(${params.add(filter.kinds)}::lead_kind[])`);
    if (filter.ownerId) where.push(`l.owner_id = ${params.add(filter.ownerId)}::uuid`);
    if (filter.teamId) where.push(leadOfTeamSql('l', params.add(filter.teamId)));
    if (filter.topic?.trim()) where.push(`l.topics @> ARRAY[${params.add(filter.topic.trim().toLowerCase())}]::text[]`);
    if (filter.organisationId) {
      const organisationId = params.add(filter.organisationId);
      where.push(`EXISTS (SELECT 1 FROM lead_organisations lo WHERE lo.lead_id = l.id AND lo.organisation_id = ${organisationId}::uuid)`);
    }
    if (filter.country) {
      where.push(
        `EXISTS (SELECT 1 FROM lead_organisations lo JOIN organisations o ON o.id = lo.organisation_id
                 WHERE lo.lead_id = l.id AND o.country = ${params.add(filter.country)})`,
      );
    }
    if (filter.tripId) where.push(`l.origin_trip_id = ${params.add(filter.tripId)}::uuid`);
    // A meeting the viewer may not see is no origin to them: filtering by it finds nothing, as for an unknown id.
    if (filter.meetingId) where.push(`l.origin_meeting_id = ${params.add(filter.meetingId)}::uuid AND ${meetingRefVisible('l.origin_meeting_id')}`);
    if (filter.nextStepBefore) where.push(`l.next_step_date < ${params.add(filter.nextStepBefore)}::date`);
    if (filter.minValue != null) where.push(`l.estimated_value >= ${params.add(filter.minValue)}::numeric`);
    if (filter.maxValue != null) where.push(`l.estimated_value <= ${params.add(filter.maxValue)}::numeric`);
    if (filter.open === true) where.push(`l.stage <> ALL(${CLOSED})`);
    if (filter.open === false) where.push(`l.stage = ANY(${CLOSED})`);
    return where;
  }

  /** Records one move (or the creation, from null) and returns it. */
  async insertStageChange(db: Db, change: NewStageChange): Promise<LeadStageChange> {
    // A lead's history is ordered by changed_at. Two moves in one transaction
    // (logMeeting creates a lead and moves it) share now(), so each change is
    // kept at least a millisecond after the lead's previous one.
    const [row] = await db.query(
      `INSERT INTO lead_stage_changes (lead_id, from_stage, to_stage, reason, changed_by, changed_at)
       VALUES ($1, $2, $3, $4, $5,
         GREATEST(now(), (SELECT max(changed_at) + interval '1 millisecond' FROM lead_stage_changes WHERE lead_id = $1)))
       RETURNING ${STAGE_CHANGE_COLUMNS}`,
      [change.leadId, change.fromStage, change.toStage, change.reason, change.changedBy],
    );
    return row;
  }

  /** The only statement that changes a lead's stage; its caller has locked the row and recorded the change. */
  async moveStage(db: Db, id: string, stage: LeadStage, changedAt: Date, closedReason: string | null): Promise<Lead> {
    const [rows] = await db.query(
      `UPDATE leads AS l SET stage = $2, stage_changed_at = $3, closed_reason = $4, version = l.version + 1, updated_at = now()
       WHERE l.id = $1 RETURNING ${this.leads.select}`,
      [id, stage, changedAt, closedReason],
    );
    return rows[0];
  }

  async replaceOrganisations(db: Db, leadId: string, organisations: { organisationId: string; side: LeadSide }[]) {
    await db.query(`DELETE FROM lead_organisations WHERE lead_id = $1`, [leadId]);
    await this.addOrganisations(db, leadId, organisations);
  }

  async addOrganisations(db: Db, leadId: string, organisations: { organisationId: string; side: LeadSide }[]) {
    if (organisations.length === 0) return;
    await db.query(
      `INSERT INTO lead_organisations (lead_id, organisation_id, side)
       SELECT $1, o.id, o.side FROM unnest($2::uuid[], $3::lead_side[]) AS o(id, side)`,
      [leadId, organisations.map((o) => o.organisationId), organisations.map((o) => o.side)],
    );
  }

  async replaceContacts(db: Db, leadId: string, personIds: readonly string[]) {
    await db.query(`DELETE FROM lead_contacts WHERE lead_id = $1`, [leadId]);
    await this.addContacts(db, leadId, personIds);
  }

  async addContacts(db: Db, leadId: string, personIds: readonly string[]) {
    if (personIds.length === 0) return;
    await db.query(`INSERT INTO lead_contacts (lead_id, person_id) SELECT $1, unnest($2::uuid[])`, [leadId, personIds]);
  }

  /** Which of `ids` exist in `table` (archived rows included). */
  async existingIds(db: Db, table: ReferencedTable, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await db.query(`SELECT id FROM ${table} WHERE id = ANY($1::uuid[])`, [ids]);
    return new Set(rows.map((row) => row.id));
  }

  /**
   * A meeting's trip, and whether the viewer may see the meeting. A hidden
   * meeting comes back too (`visible: false`) so that an edit of a lead that
   * came from it can keep the link without the editor learning of it; its
   * trip is never shown to anyone who may not see it.
   */
  async findMeetingTrip(db: Db, meetingId: string): Promise<{ id: string; tripId: string | null; visible: boolean } | undefined> {
    const [row] = await db.query(
      `SELECT m.id, m.trip_id AS "tripId", ${visibleSql('MEETING', 'm')} AS visible FROM meetings m WHERE m.id = $1`,
      [meetingId],
    );
    return row;
  }

  async organisationIdsOf(db: Db, leadId: string): Promise<string[]> {
    const rows: { id: string }[] = await db.query(
      `SELECT lo.organisation_id AS id FROM lead_organisations lo
       WHERE lo.lead_id = $1 AND ${leadRefVisible('lo.lead_id')} ORDER BY lo.side, lo.organisation_id`,
      [leadId],
    );
    return rows.map((row) => row.id);
  }

  /** Involved organisations of each lead: Saxon side first, then by folded name. */
  findOrganisationsOf(leadIds: readonly string[]): Promise<LeadOrganisation[]> {
    return this.dataSource.query(
      `SELECT lo.lead_id AS "leadId", lo.organisation_id AS "organisationId", lo.side
       FROM lead_organisations lo JOIN organisations o ON o.id = lo.organisation_id
       WHERE lo.lead_id = ANY($1::uuid[]) AND ${leadRefVisible('lo.lead_id')}
       ORDER BY lo.side, liaison_fold(o.name) COLLATE "C", o.id`,
      [leadIds],
    );
  }

  /** Contact person ids of each lead, by folded family and given name. */
  findContactIdsOf(leadIds: readonly string[]): Promise<{ leadId: string; personId: string }[]> {
    return this.dataSource.query(
      `SELECT lc.lead_id AS "leadId", lc.person_id AS "personId"
       FROM lead_contacts lc JOIN people p ON p.id = lc.person_id
       WHERE lc.lead_id = ANY($1::uuid[]) AND ${leadRefVisible('lc.lead_id')}
       ORDER BY liaison_fold(p.family_name) COLLATE "C", liaison_fold(p.given_name) COLLATE "C", p.id`,
      [leadIds],
    );
  }

  /** Stage history of each lead, oldest first. */
  findStageChangesOf(leadIds: readonly string[], db: Db = this.dataSource.manager): Promise<LeadStageChange[]> {
    return db.query(
      `SELECT ${STAGE_CHANGE_COLUMNS} FROM lead_stage_changes sc
       WHERE sc.lead_id = ANY($1::uuid[]) AND ${leadRefVisible('sc.lead_id')} ORDER BY sc.changed_at, sc.id`,
      [leadIds],
    );
  }

  /** Unarchived leads involving each organisation, most recently updated first. */
  findByOrganisations(organisationIds: readonly string[], open?: boolean): Promise<Grouped<Lead>[]> {
    const openCondition = open === undefined ? '' : `AND l.stage ${open ? '<> ALL' : '= ANY'}(${CLOSED})`;
    return this.dataSource.query(
      `SELECT lo.organisation_id AS "groupKey", ${this.leads.select}
       FROM lead_organisations lo JOIN leads l ON l.id = lo.lead_id
       WHERE lo.organisation_id = ANY($1::uuid[]) AND l.archived_at IS NULL AND ${this.leads.visible()} ${openCondition}
       ORDER BY l.updated_at DESC, l.id`,
      [organisationIds],
    );
  }

  /** Unarchived leads naming each person as a contact, most recently updated first. */
  findByContacts(personIds: readonly string[]): Promise<Grouped<Lead>[]> {
    return this.dataSource.query(
      `SELECT lc.person_id AS "groupKey", ${this.leads.select}
       FROM lead_contacts lc JOIN leads l ON l.id = lc.lead_id
       WHERE lc.person_id = ANY($1::uuid[]) AND l.archived_at IS NULL AND ${this.leads.visible()}
       ORDER BY l.updated_at DESC, l.id`,
      [personIds],
    );
  }

  /** Unarchived leads that came from each trip or meeting, most recently updated first. */
  findByOrigin(column: 'origin_trip_id' | 'origin_meeting_id', ids: readonly string[]): Promise<Grouped<Lead>[]> {
    return this.dataSource.query(
      `SELECT l.${column} AS "groupKey", ${this.leads.select} FROM leads l
       WHERE l.${column} = ANY($1::uuid[]) AND l.archived_at IS NULL AND ${this.leads.visible()}
       ORDER BY l.updated_at DESC, l.id`,
      [ids],
    );
  }
}
