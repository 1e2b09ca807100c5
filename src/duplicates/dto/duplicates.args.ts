import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsEnum, IsUUID } from 'class-validator';
import { PageArgs } from '../../common/graphql/page.args';
import { DuplicateType } from '../duplicate.enums';

@ArgsType()
export class DuplicateCandidatesArgs extends PageArgs {
  @Field(() => DuplicateType)
  @IsEnum(DuplicateType)
  type: DuplicateType;
}

@ArgsType()
export class DismissDuplicateArgs {
  @Field(() => ID, { description: 'A person or an organisation' })
  @IsUUID('all', { message: 'a must be a UUID' })
  a: string;

  @Field(() => ID, { description: 'Another of the same type' })
  @IsUUID('all', { message: 'b must be a UUID' })
  b: string;
}
