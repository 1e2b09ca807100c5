import { Module } from '@nestjs/common';
import { ConfidentialReadsLog, ConfidentialReadsPlugin } from './confidential-reads.plugin';
import { AuthModule } from '../auth/auth.module';
import { TeamsModule } from '../teams/teams.module';
import { AccessRepository } from './access.repository';
import { LeadAccessResolver, MeetingAccessResolver } from './access.resolver';
import { AccessService } from './access.service';

@Module({
  imports: [AuthModule, TeamsModule],
  providers: [
    AccessRepository,
    AccessService,
    LeadAccessResolver,
    MeetingAccessResolver,
    ConfidentialReadsLog,
    ConfidentialReadsPlugin,
  ],
  exports: [AccessService, ConfidentialReadsLog],
})
export class AccessModule {}
