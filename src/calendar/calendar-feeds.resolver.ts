import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import type { GraphQLContext } from '../common/graphql/graphql-context';
import { IdArgs } from '../common/graphql/id.args';
import { CalendarFeed, CreatedCalendarFeed } from './calendar-feed.model';
import { CalendarFeedsService } from './calendar-feeds.service';
import { CalendarFeedsArgs, CreateCalendarFeedInput } from './dto/calendar-feed.input';

/** The app's address as this request reached it (behind a proxy: as TRUST_PROXY lets it tell). */
const baseUrlOf = ({ req }: GraphQLContext) => `${req.protocol}://${req.get('host')}`;

@Resolver(() => CalendarFeed)
export class CalendarFeedsResolver {
  constructor(private readonly feeds: CalendarFeedsService) {}

  @Query(() => [CalendarFeed], { description: "The caller's calendar feeds, newest first (never their URLs)" })
  calendarFeeds(@Args() { includeRevoked }: CalendarFeedsArgs, @CurrentPrincipal() principal: Principal): Promise<CalendarFeed[]> {
    return this.feeds.list(principal, includeRevoked);
  }

  @Mutation(() => CreatedCalendarFeed, {
    description: "A secret URL serving the caller's meetings and open tasks' due dates as iCalendar; the URL is in this response only",
  })
  createCalendarFeed(
    @Args('input') input: CreateCalendarFeedInput,
    @CurrentPrincipal() principal: Principal,
    @Context() context: GraphQLContext,
  ): Promise<CreatedCalendarFeed> {
    return this.feeds.create(principal, input, baseUrlOf(context));
  }

  @Mutation(() => CalendarFeed, { description: 'Revoke one of your calendar feeds (admins: anyone\'s); its URL answers 404 at once' })
  revokeCalendarFeed(@Args() { id }: IdArgs, @CurrentPrincipal() principal: Principal): Promise<CalendarFeed> {
    return this.feeds.revoke(principal, id);
  }
}
