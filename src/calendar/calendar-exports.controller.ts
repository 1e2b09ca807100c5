import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IsUUID } from 'class-validator';
import { CalendarExportsService } from './calendar-exports.service';

export class CalendarRecordParams {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

/** text/calendar, as a download; it may hold confidential meetings, so no cache keeps it. */
export function sendCalendar(res: Response, disposition: 'attachment' | 'inline', fileName: string, body: string): void {
  res
    .set({ 'content-disposition': `${disposition}; filename="${fileName}"`, 'cache-control': 'no-store' })
    .type('text/calendar; charset=utf-8')
    .send(body);
}

/**
 * GET /exports/meetings/:id/ical and GET /exports/trips/:id/ical: one
 * meeting, or a trip's programme, as an .ics file with the caller's access.
 * Three path segments, so they never meet GET /exports/:list.
 */
@Controller('exports')
export class CalendarExportsController {
  constructor(private readonly calendars: CalendarExportsService) {}

  @Get('meetings/:id/ical')
  async meeting(@Param() { id }: CalendarRecordParams, @Res() res: Response): Promise<void> {
    sendCalendar(res, 'attachment', `liaison-meeting-${id}.ics`, await this.calendars.meeting(id));
  }

  @Get('trips/:id/ical')
  async trip(@Param() { id }: CalendarRecordParams, @Res() res: Response): Promise<void> {
    sendCalendar(res, 'attachment', `liaison-trip-${id}.ics`, await this.calendars.tripProgramme(id));
  }
}
