import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsEnum, IsUUID } from 'class-validator';
import { PageArgs } from '../../common/graphql/page.args';
import { IsLocalDate } from '../../common/validation/dates';
import { AuditRecordType } from '../audit.model';

@ArgsType()
export class AuditTrailArgs extends PageArgs {
  @Field(() => AuditRecordType)
  @IsEnum(AuditRecordType)
  recordType: AuditRecordType;

  @Field(() => ID)
  @IsUUID('all', { message: 'recordId must be a UUID' })
  recordId: string;
}

/** Query string of GET /audit/export.csv: a period of whole days, `to` inclusive. */
export class AuditExportQuery {
  @IsLocalDate()
  from: string;

  @IsLocalDate()
  to: string;
}
