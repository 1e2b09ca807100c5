import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsEnum, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Trim } from '../../common/validation/transforms';
import { ApiKeyRole } from '../api-key-role.enum';

@InputType()
export class CreateApiKeyInput {
  @Field({ description: 'What the key is for, e.g. "Newsletter sync"' })
  @Trim()
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(100)
  name: string;

  @Field(() => ApiKeyRole)
  @IsEnum(ApiKeyRole)
  role: ApiKeyRole;

  @Field(() => Date, { nullable: true, description: 'The key stops working at this instant; never when omitted' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  expiresAt?: Date | null;
}

@ArgsType()
export class ApiKeysArgs {
  @Field({ defaultValue: false, description: 'Include revoked keys' })
  @IsBoolean()
  includeRevoked: boolean = false;
}
