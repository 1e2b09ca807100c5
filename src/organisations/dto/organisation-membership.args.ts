import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsUUID, Min, ValidateNested } from 'class-validator';
import { IsLocalDate } from '../../common/validation/dates';

@InputType()
export class AddOrganisationMembershipInput {
  @Field(() => ID, { description: 'The member, e.g. Regione Lombardia' })
  @IsUUID('all', { message: 'memberId must be a UUID' })
  memberId: string;

  @Field(() => ID, { description: 'The network or alliance, e.g. the Alliance of Automotive Regions' })
  @IsUUID('all', { message: 'networkId must be a UUID' })
  networkId: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsLocalDate()
  since?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, not before since; empty while current' })
  @IsOptional()
  @IsLocalDate()
  until?: string | null;
}

/** Omitted fields stay, null clears. Member and network stay: another pair is another membership. */
@InputType()
export class UpdateOrganisationMembershipInput {
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsLocalDate()
  since?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, not before since; null reopens the membership' })
  @IsOptional()
  @IsLocalDate()
  until?: string | null;
}

@ArgsType()
export class UpdateOrganisationMembershipArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;

  @Field(() => Int, { description: 'The version the client last read; a newer one answers CONFLICT' })
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @Field(() => UpdateOrganisationMembershipInput)
  @ValidateNested()
  @Type(() => UpdateOrganisationMembershipInput)
  input: UpdateOrganisationMembershipInput;
}

@ArgsType()
export class EndOrganisationMembershipArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @Field({ description: 'YYYY-MM-DD, not before since; the membership stays as history' })
  @IsLocalDate()
  until: string;
}

/** Arguments of Organisation.memberships and Organisation.members. */
@ArgsType()
export class MembershipsFieldArgs {
  @Field({ defaultValue: false, description: 'Include memberships that have ended' })
  @IsBoolean()
  includeEnded: boolean = false;
}
