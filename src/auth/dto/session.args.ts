import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

@ArgsType()
export class RefreshSessionArgs {
  @Field({ description: 'The refresh token of the last login or refresh' })
  @IsString()
  @MaxLength(4096)
  refreshToken: string;
}

@ArgsType()
export class ChangePasswordArgs {
  @Field()
  @IsString()
  @MinLength(1, { message: 'oldPassword must not be empty' })
  @MaxLength(256)
  oldPassword: string;

  @Field({ description: 'At least 12 characters' })
  @IsString()
  @MinLength(12)
  @MaxLength(256)
  newPassword: string;
}

@ArgsType()
export class UserIdArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId: string;
}

@ArgsType()
export class ResetUserPasswordArgs extends UserIdArgs {
  @Field({ description: 'At least 12 characters' })
  @IsString()
  @MinLength(12)
  @MaxLength(256)
  newPassword: string;
}
