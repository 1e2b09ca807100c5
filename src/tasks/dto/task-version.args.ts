import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsInt, IsUUID, Min } from 'class-validator';

/** A task and the version the client last read: complete, cancel and reopen change it only if it is still current. */
@ArgsType()
export class TaskVersionArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;

  @Field(() => Int, { description: 'The version the client last read; a newer one answers CONFLICT' })
  @IsInt()
  @Min(1)
  expectedVersion: number;
}
