import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { TeamsRepository } from './teams.repository';
import { TeamsResolver, UserTeamsResolver } from './teams.resolver';
import { TeamsService } from './teams.service';

@Module({
  imports: [AuthModule],
  providers: [TeamsRepository, TeamsService, TeamsResolver, UserTeamsResolver],
  exports: [TeamsService],
})
export class TeamsModule {}
