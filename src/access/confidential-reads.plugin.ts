import { Plugin } from '@nestjs/apollo';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Confidentiality } from './confidentiality.enum';

/** Writes READ entries to audit_log under the request's actor (set per transaction by AuditActorSubscriber). */
@Injectable()
export class ConfidentialReadsLog {
  private readonly logger = new Logger('ConfidentialReads');

  constructor(private readonly dataSource: DataSource) {}

  /** Logs a READ for each of these leads that is CONFIDENTIAL (report rows carry lead titles, not Lead objects). */
  async recordLeads(leadIds: readonly string[]): Promise<void> {
    if (leadIds.length === 0) return;
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM leads WHERE id = ANY($1::uuid[]) AND confidentiality = 'CONFIDENTIAL'`,
      [leadIds],
    );
    await this.record(rows.map((row) => ({ table: 'leads', id: row.id })));
  }

  async record(reads: { table: string; id: string }[]): Promise<void> {
    if (reads.length === 0) return;
    try {
      await this.dataSource.transaction((db) =>
        db.query(
          `INSERT INTO audit_log (actor_user_id, actor_api_key_id, actor, request_id, action, record_type, record_id, changes)
           SELECT nullif(current_setting('liaison.actor_user_id', true), '')::uuid,
                  nullif(current_setting('liaison.actor_api_key_id', true), '')::uuid,
                  nullif(current_setting('liaison.actor', true), ''),
                  nullif(current_setting('liaison.request_id', true), ''),
                  'READ', r.table_name, r.record_id, '{}'::jsonb
             FROM unnest($1::text[], $2::text[]) AS r(table_name, record_id)`,
          [reads.map((read) => read.table), reads.map((read) => read.id)],
        ),
      );
    } catch (error) {
      // The answer is already built; a failed log line must not turn it into an error, but must be seen.
      this.logger.error(`Could not log ${reads.length} confidential read(s): ${(error as Error).message}`);
    }
  }
}

/** GraphQL types whose CONFIDENTIAL objects are logged when read, and their tables. */
const LOGGED_TYPES: Record<string, string> = { Lead: 'leads', Meeting: 'meetings' };

/**
 * Every CONFIDENTIAL lead or meeting a GraphQL response hands out is written
 * to the audit trail as a READ by the caller (one row per record and
 * request, after the response is built). Whatever path reached it, it was
 * resolved as a Lead or Meeting object, so watching field resolution here
 * covers every path, present and future. REST exports log their rows
 * themselves (ConfidentialReadsLog).
 */
@Plugin()
export class ConfidentialReadsPlugin implements ApolloServerPlugin {
  constructor(private readonly log: ConfidentialReadsLog) {}

  async requestDidStart(): Promise<GraphQLRequestListener<any>> {
    const reads = new Map<string, { table: string; id: string }>();
    const log = this.log;
    return {
      async executionDidStart() {
        return {
          willResolveField({ source, info }) {
            const table = LOGGED_TYPES[info.parentType.name];
            if (!table || source?.confidentiality !== Confidentiality.CONFIDENTIAL || typeof source.id !== 'string') return;
            reads.set(`${table}:${source.id}`, { table, id: source.id });
          },
        };
      },
      async willSendResponse() {
        if (reads.size > 0) await log.record([...reads.values()]);
      },
    };
  }
}
