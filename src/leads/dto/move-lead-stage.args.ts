import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { TrimToNull } from '../../common/validation/transforms';
import { LeadStage } from '../lead.enums';

@ArgsType()
export class MoveLeadStageArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;

  @Field(() => Int, { description: 'The version the client last read; a newer one answers CONFLICT' })
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @Field(() => LeadStage)
  @IsEnum(LeadStage)
  stage: LeadStage;

  @Field(() => String, { nullable: true, description: 'Why; required for LOST, and kept as closedReason for WON, LOST and ON_HOLD' })
  @TrimToNull()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string | null;
}
