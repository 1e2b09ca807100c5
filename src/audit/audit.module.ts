import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { requestContextMiddleware } from '../common/request-context';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';

/**
 * Reading the audit trail. The writing is done by the database (trigger
 * liaison_audit on every table), with the actor handed over per transaction
 * by AuditActorSubscriber from the request context this module installs.
 */
@Module({
  controllers: [AuditController],
  providers: [AuditRepository, AuditService, AuditResolver],
})
export class AuditModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(requestContextMiddleware).forRoutes('*');
  }
}
