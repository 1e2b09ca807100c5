import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { asViewer, viewerOf } from '../access/access-policy';
import { ConfidentialReadsLog } from '../access/confidential-reads.plugin';
import { Confidentiality } from '../access/confidentiality.enum';
import { Principal } from '../auth/principal';
import { Role } from '../auth/role.enum';
import { sha256Hex } from '../auth/secrets';
import { LoaderRegistry } from '../common/dataloader/loader-registry';
import { ErrorCode, LiaisonException } from '../common/errors/liaison.exception';
import { CalendarEventsService } from './calendar-events.service';
import { feedPath, isFeedToken, newFeedToken } from './calendar-feed-token';
import { CalendarFeed, CreatedCalendarFeed } from './calendar-feed.model';
import { CalendarFeedsRepository } from './calendar-feeds.repository';
import { CreateCalendarFeedInput } from './dto/calendar-feed.input';
import { writeCalendar } from './icalendar';

/** How often subscribed clients are asked to fetch the feed again. */
export const FEED_REFRESH_SECONDS = 60 * 60;

/** One answer for an unknown, malformed or revoked token and a disabled owner: no hint which. */
const NO_FEED = () => new LiaisonException(ErrorCode.NOT_FOUND, 'No such calendar feed');

/**
 * Personal calendar feeds. A feed is a secret URL that reads as its user:
 * the user's current role and teams, under the access policy, at every
 * fetch; revoking it, or disabling the user, stops it at once. Only users
 * have feeds: an API key has no calendar, and a feed it made would read as
 * the admin behind it.
 */
@Injectable()
export class CalendarFeedsService {
  private readonly logger = new Logger('CalendarFeeds');

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: CalendarFeedsRepository,
    private readonly events: CalendarEventsService,
    private readonly confidentialReads: ConfidentialReadsLog,
  ) {}

  /** The feed's URL is in this result only; `baseUrl` is the app's address as the caller reached it. */
  async create(principal: Principal, input: CreateCalendarFeedInput, baseUrl: string): Promise<CreatedCalendarFeed> {
    const userId = ownUser(principal);
    const token = newFeedToken();
    const feed = await this.dataSource.transaction((db) => this.repository.insert(db, { userId, name: input.name, tokenHash: sha256Hex(token) }));
    this.logger.log(`Created calendar feed ${feed.id} for user ${userId}`);
    return { url: `${baseUrl}${feedPath(token)}`, feed };
  }

  list(principal: Principal, includeRevoked: boolean): Promise<CalendarFeed[]> {
    return this.repository.listOf(ownUser(principal), includeRevoked);
  }

  /** The caller's own feed, or any user's for an admin; another's is NOT_FOUND like an unknown id. Revoking twice changes nothing. */
  async revoke(principal: Principal, id: string): Promise<CalendarFeed> {
    const userId = ownUser(principal);
    const revoked = await this.dataSource.transaction((db) => this.repository.revoke(db, id, principal.role === Role.ADMIN ? null : userId));
    if (!revoked) throw LiaisonException.notFound('CalendarFeed', id);
    this.logger.log(`Revoked calendar feed ${id}`);
    return revoked;
  }

  /** The user a feed token reads as, with their current role; NOT_FOUND for anything but a usable feed. */
  async authenticate(token: string): Promise<Principal> {
    if (!isFeedToken(token)) throw NO_FEED();
    const user = await this.repository.findUsable(sha256Hex(token));
    if (!user) throw NO_FEED();
    return { kind: 'USER', id: user.id, role: user.role, userId: user.id, user, sessionId: null, apiKeyId: null, apiKeyName: null };
  }

  /** The feed of `principal` (from authenticate): their meetings and open tasks' due dates, as they may see them now. */
  calendarOf(principal: Principal): Promise<string> {
    if (principal.kind !== 'USER') throw NO_FEED();
    // Explicitly as the feed's user, whatever else the request carries.
    return asViewer(viewerOf(principal), async () => {
      const [meetings, tasks] = await Promise.all([this.repository.meetingsOf(principal.user), this.repository.openTasksOf(principal.userId)]);
      const events = [...(await this.events.ofMeetings(meetings, new LoaderRegistry())), ...this.events.ofTasks(tasks)];
      const text = writeCalendar({ name: `Liaison: ${principal.user.displayName}`, refreshSeconds: FEED_REFRESH_SECONDS }, events);
      await this.confidentialReads.record(
        meetings.filter((meeting) => meeting.confidentiality === Confidentiality.CONFIDENTIAL).map((meeting) => ({ table: 'meetings', id: meeting.id })),
      );
      return text;
    });
  }
}

/** The calling user's id; API keys are refused before anything else happens. */
function ownUser(principal: Principal | undefined): string {
  if (!principal || principal.kind !== 'USER') throw LiaisonException.forbidden('Calendar feeds belong to users: API keys cannot have them');
  return principal.userId;
}
