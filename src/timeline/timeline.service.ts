import { Injectable } from '@nestjs/common';
import { Connection, decodeCursor, toConnection } from '../common/graphql/connection';
import { TimelineEntry } from './timeline.model';
import { TimelineRepository } from './timeline.repository';

@Injectable()
export class TimelineService {
  constructor(private readonly timeline: TimelineRepository) {}

  async forOrganisation(organisationId: string, first: number, after?: string): Promise<Connection<TimelineEntry>> {
    const cursor = after ? (decodeCursor(after, 2) as [string, string]) : undefined;
    const rows = await this.timeline.findPage(organisationId, first, cursor);
    return toConnection(
      rows,
      first,
      after,
      ({ sortKey: _sortKey, ...entry }) => entry,
      (row) => [row.sortKey.toISOString(), row.id],
      () => this.timeline.count(organisationId),
    );
  }
}
