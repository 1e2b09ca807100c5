import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { Role } from '../auth/role.enum';
import { LiaisonException } from '../common/errors/liaison.exception';
import { Connection, decodeCursor, toConnection } from '../common/graphql/connection';
import { AuditEntry, AuditRecordType } from './audit.model';
import { AuditRepository } from './audit.repository';

function toEntry(row: Omit<AuditEntry, 'changes'> & { changes: Record<string, [unknown, unknown]> }): AuditEntry {
  return {
    ...row,
    changes: Object.entries(row.changes).map(([field, [before, after]]) => ({
      field,
      before: before === null || before === undefined ? null : JSON.stringify(before),
      after: after === null || after === undefined ? null : JSON.stringify(after),
    })),
  };
}

@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  /** A record's changes, newest first: for admins, and for the record's owner where it has one. */
  async trail(
    caller: { id: string; role: Role },
    recordType: AuditRecordType,
    recordId: string,
    first: number,
    after?: string,
  ): Promise<Connection<AuditEntry>> {
    if (caller.role !== Role.ADMIN && !(await this.audit.ownersOf(recordType, recordId)).includes(caller.id)) {
      throw LiaisonException.forbidden('Only admins and the record owner may read its audit trail');
    }
    const before = after ? String(decodeCursor(after, 1)[0]) : undefined;
    if (before !== undefined && !/^\d+$/.test(before)) throw LiaisonException.badInput('after', 'after is not a valid cursor');
    const rows = await this.audit.trail(recordType, recordId, first, before);
    return toConnection(rows, first, after, toEntry, (row) => [row.id], () => this.audit.countTrail(recordType, recordId));
  }

  /** The audit log of [from, to) as CSV: UTF-8 with BOM so Excel shows umlauts. */
  async exportCsv(from: Date, to: Date): Promise<string> {
    const rows = await this.audit.period(from, to);
    return stringify(
      rows.map((row) => ({
        id: row.id,
        at: row.at.toISOString(),
        actor: row.actor ?? '',
        actor_user_id: row.actorUserId ?? '',
        actor_api_key_id: row.actorApiKeyId ?? '',
        request_id: row.requestId ?? '',
        action: row.action,
        table: row.table,
        record_id: row.recordId,
        changes: JSON.stringify(row.changes),
      })),
      {
        bom: true,
        header: true,
        columns: ['id', 'at', 'actor', 'actor_user_id', 'actor_api_key_id', 'request_id', 'action', 'table', 'record_id', 'changes'],
      },
    );
  }
}
