import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { leadRefVisible, taskVisibleSql, visibleSql } from '../access/access-policy';
import { SqlParams } from '../database/sql';
import { TimelineEntry } from './timeline.model';

/**
 * Everything that happened around one organisation, as one UNION ALL over
 * the tables that reference it: its meetings, its leads (opened and each
 * later stage change), partnerships it is a party of, tasks about it or its
 * leads and meetings, and notes on it; each part under the access policy for
 * the current viewer.
 */
function entries(): string {
  return `
  WITH org_leads AS (SELECT lead_id FROM lead_organisations WHERE organisation_id = $1),
       org_meetings AS (SELECT meeting_id FROM meeting_organisations WHERE organisation_id = $1)
  SELECT 'MEETING:' || m.id AS id, m.starts_at AS at, 'MEETING' AS kind, m.title, m.id AS "recordId",
         NULL::lead_stage AS "fromStage", NULL::lead_stage AS "toStage"
    FROM meetings m WHERE m.id IN (SELECT meeting_id FROM org_meetings) AND m.archived_at IS NULL
     AND ${visibleSql('MEETING', 'm')}
  UNION ALL
  SELECT 'LEAD_OPENED:' || l.id, l.created_at, 'LEAD_OPENED', l.title, l.id, NULL, NULL
    FROM leads l WHERE l.id IN (SELECT lead_id FROM org_leads) AND l.archived_at IS NULL AND ${visibleSql('LEAD', 'l')}
  UNION ALL
  SELECT 'STAGE_CHANGE:' || sc.id, sc.changed_at, 'STAGE_CHANGE', l.title, l.id, sc.from_stage, sc.to_stage
    FROM lead_stage_changes sc JOIN leads l ON l.id = sc.lead_id
   WHERE sc.lead_id IN (SELECT lead_id FROM org_leads) AND sc.from_stage IS NOT NULL AND l.archived_at IS NULL
     AND ${visibleSql('LEAD', 'l')}
  UNION ALL
  SELECT 'PARTNERSHIP:' || pa.id, COALESCE(pa.signed_on::timestamptz, pa.created_at), 'PARTNERSHIP', pa.title, pa.id, NULL, NULL
    FROM partnerships pa JOIN partnership_parties pp ON pp.partnership_id = pa.id
   WHERE pp.organisation_id = $1 AND pa.archived_at IS NULL AND ${leadRefVisible('pa.lead_id')}
  UNION ALL
  SELECT 'TASK:' || t.id, t.created_at, 'TASK', t.title, t.id, NULL, NULL
    FROM tasks t
   WHERE t.archived_at IS NULL AND (t.organisation_id = $1
      OR t.lead_id IN (SELECT lead_id FROM org_leads) OR t.meeting_id IN (SELECT meeting_id FROM org_meetings))
     AND ${taskVisibleSql('t')}
  UNION ALL
  SELECT 'NOTE:' || n.id, n.created_at, 'NOTE', left(n.body, 120), n.id, NULL, NULL
    FROM notes n WHERE n.record_type = 'ORGANISATION' AND n.record_id = $1 AND n.archived_at IS NULL`;
}

@Injectable()
export class TimelineRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first, keyset on (at, id); one row more than asked tells whether another page follows. */
  findPage(organisationId: string, first: number, after?: [string, string]): Promise<(TimelineEntry & { sortKey: Date })[]> {
    const params = new SqlParams();
    params.add(organisationId);
    const cursor = after
      ? `WHERE (e.at, e.id) < (${params.add(after[0])}::timestamptz, ${params.add(after[1])}::text)`
      : '';
    return this.dataSource.query(
      `SELECT e.*, e.at AS "sortKey" FROM (${entries()}) e ${cursor}
       ORDER BY e.at DESC, e.id DESC LIMIT ${params.add(first + 1)}`,
      params.values,
    );
  }

  async count(organisationId: string): Promise<number> {
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM (${entries()}) e`, [organisationId]);
    return count;
  }
}
