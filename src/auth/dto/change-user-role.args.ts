import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsEnum, IsUUID } from 'class-validator';
import { Role } from '../role.enum';

@ArgsType()
export class ChangeUserRoleArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId: string;

  @Field(() => Role)
  @IsEnum(Role)
  role: Role;
}
