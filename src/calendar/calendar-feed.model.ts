import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('CalendarFeed', { description: "A secret calendar URL serving its user's meetings and open tasks' due dates" })
export class CalendarFeed {
  @Field(() => ID)
  id: string;

  @Field({ description: 'What the feed is for, e.g. "iPhone"' })
  name: string;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'Set once revoked: the URL then answers 404' })
  revokedAt: Date | null;

  /** The owner; not exposed, `calendarFeeds` lists the caller's own. */
  userId: string;
}

@ObjectType()
export class CreatedCalendarFeed {
  @Field({ description: 'Shown once: the secret URL to subscribe to (webcal clients: replace https with webcal)' })
  url: string;

  @Field(() => CalendarFeed)
  feed: CalendarFeed;
}
