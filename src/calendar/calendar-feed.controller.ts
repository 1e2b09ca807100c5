import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentPrincipal, Public } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { sendCalendar } from './calendar-exports.controller';
import { CalendarFeedGuard } from './calendar-feed.guard';
import { CalendarFeedsService } from './calendar-feeds.service';

/** GET /calendar/<token>.ics: the feed a calendar app subscribes to; no Authorization header, the URL is the secret. */
@Controller('calendar')
export class CalendarFeedController {
  constructor(private readonly feeds: CalendarFeedsService) {}

  @Public()
  @UseGuards(CalendarFeedGuard)
  @Get(':token.ics')
  async feed(@CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    sendCalendar(res, 'inline', 'liaison.ics', await this.feeds.calendarOf(principal));
  }
}
