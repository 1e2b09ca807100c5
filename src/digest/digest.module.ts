import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { LeadsModule } from '../leads/leads.module';
import { TasksModule } from '../tasks/tasks.module';
import { DigestRepository } from './digest.repository';
import { DigestResolver } from './digest.resolver';
import { DigestScheduler } from './digest.scheduler';
import { DigestService } from './digest.service';

/** The morning reminder digest: reads tasks and leads, built once a day across app instances; nothing depends on it. */
@Module({
  imports: [ScheduleModule.forRoot(), TasksModule, LeadsModule],
  providers: [DigestRepository, DigestService, DigestScheduler, DigestResolver],
})
export class DigestModule {}
