import { ArgsType, Field, InputType, PartialType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { CreateTaskInput } from './create-task.input';
import { TaskVersionArgs } from './task-version.args';

/** Every field optional: omitted fields stay, null clears an optional field. Status changes have their own mutations. */
@InputType()
export class UpdateTaskInput extends PartialType(CreateTaskInput) {}

@ArgsType()
export class UpdateTaskArgs extends TaskVersionArgs {
  @Field(() => UpdateTaskInput)
  @ValidateNested()
  @Type(() => UpdateTaskInput)
  input: UpdateTaskInput;
}
