import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';
import { IsLocalDate } from '../../common/validation/dates';

@ArgsType()
export class DigestDateArgs {
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; today in DIGEST_TIME_ZONE when omitted' })
  @IsOptional()
  @IsLocalDate()
  date?: string | null;
}
