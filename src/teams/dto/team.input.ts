import { ArgsType, Field, ID, InputType, Int, PartialType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { Trim, TrimToNull } from '../../common/validation/transforms';

@InputType()
export class CreateTeamInput {
  @Field({ description: 'Unique, ignoring case and accents, e.g. "Automotive & Mobilität"' })
  @Trim()
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(120)
  name: string;

  @Field(() => String, { nullable: true })
  @TrimToNull()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}

@InputType()
export class UpdateTeamInput extends PartialType(CreateTeamInput) {}

@ArgsType()
export class UpdateTeamArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;

  @Field(() => Int, { description: 'The version the client last read; a newer one answers CONFLICT' })
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @Field(() => UpdateTeamInput)
  @ValidateNested()
  @Type(() => UpdateTeamInput)
  input: UpdateTeamInput;
}

@ArgsType()
export class TeamMemberArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'teamId must be a UUID' })
  teamId: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId: string;
}
