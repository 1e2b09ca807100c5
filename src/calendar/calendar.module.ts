import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { PeopleModule } from '../people/people.module';
import { TripsModule } from '../trips/trips.module';
import { CalendarEventsService } from './calendar-events.service';
import { CalendarExportsController } from './calendar-exports.controller';
import { CalendarExportsService } from './calendar-exports.service';
import { CalendarFeedController } from './calendar-feed.controller';
import { CalendarFeedGuard } from './calendar-feed.guard';
import { CalendarFeedsRepository } from './calendar-feeds.repository';
import { CalendarFeedsResolver } from './calendar-feeds.resolver';
import { CalendarFeedsService } from './calendar-feeds.service';

/**
 * iCalendar out of Liaison: a meeting or a trip's programme as a file, and
 * personal calendar feeds. Reads meetings, people, trips and tasks; nothing
 * depends on it.
 */
@Module({
  imports: [AccessModule, MeetingsModule, PeopleModule, TripsModule],
  controllers: [CalendarExportsController, CalendarFeedController],
  providers: [CalendarEventsService, CalendarExportsService, CalendarFeedsRepository, CalendarFeedsService, CalendarFeedsResolver, CalendarFeedGuard],
})
export class CalendarModule {}
