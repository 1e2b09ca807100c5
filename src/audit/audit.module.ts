import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';

/**
 * Reading the audit trail. The writing is done by the database (trigger
 * liaison_audit on every table), with the actor handed over per transaction
 * by AuditActorSubscriber from the request context the app module installs.
 */
@Module({
  controllers: [AuditController],
  providers: [AuditRepository, AuditService, AuditResolver],
})
export class AuditModule {}
