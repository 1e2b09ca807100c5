import { Injectable } from '@nestjs/common';
import { ConfidentialReadsLog } from '../access/confidential-reads.plugin';
import { Confidentiality } from '../access/confidentiality.enum';
import { LoaderRegistry } from '../common/dataloader/loader-registry';
import { Meeting } from '../meetings/meeting.model';
import { MeetingsService } from '../meetings/meetings.service';
import { TripsService } from '../trips/trips.service';
import { CalendarEventsService } from './calendar-events.service';
import { writeCalendar } from './icalendar';

/**
 * A meeting, or a trip's programme, as an iCalendar file. Read in the
 * caller's request, through the meetings' own reads, so a meeting the caller
 * may not see is NOT_FOUND by id and missing from the programme, exactly as
 * in GraphQL; a confidential one they do see is logged as read.
 */
@Injectable()
export class CalendarExportsService {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly trips: TripsService,
    private readonly events: CalendarEventsService,
    private readonly confidentialReads: ConfidentialReadsLog,
  ) {}

  async meeting(id: string): Promise<string> {
    const meeting = await this.meetings.getById(id);
    return this.calendarOf(meeting.title, [meeting]);
  }

  /** The trip's unarchived meetings in time order, cancelled ones included (as STATUS:CANCELLED). */
  async tripProgramme(id: string): Promise<string> {
    const trip = await this.trips.getById(id);
    const loaders = new LoaderRegistry();
    return this.calendarOf(trip.name, await this.meetings.programmeOf(trip.id, loaders), loaders);
  }

  private async calendarOf(name: string, meetings: Meeting[], loaders = new LoaderRegistry()): Promise<string> {
    const text = writeCalendar({ name }, await this.events.ofMeetings(meetings, loaders));
    await this.confidentialReads.record(
      meetings.filter((meeting) => meeting.confidentiality === Confidentiality.CONFIDENTIAL).map((meeting) => ({ table: 'meetings', id: meeting.id })),
    );
    return text;
  }
}
