import { Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { IsLocalDate } from '../../common/validation/dates';
import { Trim, TrimToNull } from '../../common/validation/transforms';

@InputType()
export class CreateTaskInput {
  @Field()
  @Trim()
  @IsString()
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(300)
  title: string;

  @Field(() => String, { nullable: true })
  @TrimToNull()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsLocalDate()
  dueDate?: string | null;

  @Field(() => ID, { nullable: true, description: 'The user who does it; the caller when omitted' })
  @IsOptional()
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'leadId must be a UUID' })
  leadId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'meetingId must be a UUID' })
  meetingId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'organisationId must be a UUID' })
  organisationId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'personId must be a UUID' })
  personId?: string | null;

  // No property initialiser: UpdateTaskInput inherits initialisers, and an
  // update that omits isCommitment must leave it as it is.
  @Field(() => Boolean, { nullable: true, description: 'A promise made in a meeting; false when omitted' })
  @IsOptional()
  @IsBoolean()
  isCommitment?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'The person who made the promise; only for commitments' })
  @IsOptional()
  @IsUUID('all', { message: 'promisedById must be a UUID' })
  promisedById?: string | null;
}
