import { Field, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEmail, IsEnum, IsString, MaxLength, MinLength } from 'class-validator';
import { Role } from '../role.enum';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

@InputType()
export class CreateUserInput {
  @Field()
  @Transform(trim)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email: string;

  @Field()
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'displayName must not be empty' })
  @MaxLength(200)
  displayName: string;

  @Field({ description: 'At least 12 characters' })
  @IsString()
  @MinLength(12)
  @MaxLength(256)
  password: string;

  @Field(() => Role, { defaultValue: Role.STAFF })
  @IsEnum(Role)
  role: Role = Role.STAFF;
}
