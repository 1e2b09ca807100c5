import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../auth/auth.decorators';
import { User } from '../auth/user.model';
import { LogMeetingInput, LogMeetingPayload } from './dto/log-meeting.input';
import { MeetingLogService } from './meeting-log.service';

@Resolver()
export class MeetingLogResolver {
  constructor(private readonly meetingLog: MeetingLogService) {}

  @Mutation(() => LogMeetingPayload, {
    description:
      'Right after a meeting, in one transaction: the meeting with participants and outcome, new contacts, commitments as tasks, new leads. Retry-safe with clientMutationId.',
  })
  logMeeting(@Args('input') input: LogMeetingInput, @CurrentUser() user: User): Promise<LogMeetingPayload> {
    return this.meetingLog.logMeeting(input, user.id);
  }
}
