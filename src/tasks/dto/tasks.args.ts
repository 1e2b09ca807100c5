import { ArgsType, Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { PageArgs } from '../../common/graphql/page.args';
import { SortDirection } from '../../common/graphql/sort-direction.enum';
import { IsLocalDate } from '../../common/validation/dates';
import { TaskStatus } from '../task.enums';

export enum TaskOrderField {
  DUE_DATE = 'DUE_DATE',
  UPDATED_AT = 'UPDATED_AT',
}
registerEnumType(TaskOrderField, {
  name: 'TaskOrderField',
  description: 'DUE_DATE puts tasks without a due date last (ascending)',
});

@InputType()
export class TaskFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId?: string;

  @Field(() => [TaskStatus], { nullable: true, description: 'Any of these statuses' })
  @IsOptional()
  @IsEnum(TaskStatus, { each: true })
  statuses?: TaskStatus[];

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'leadId must be a UUID' })
  leadId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'meetingId must be a UUID' })
  meetingId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'organisationId must be a UUID' })
  organisationId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'personId must be a UUID' })
  personId?: string;

  @Field(() => Boolean, { nullable: true, description: 'true: OPEN and due before today; false: not overdue' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean;

  @Field(() => String, { nullable: true, description: 'Due before this date (YYYY-MM-DD), not on it' })
  @IsOptional()
  @IsLocalDate()
  dueBefore?: string;

  @Field({ defaultValue: false, description: 'Only promises made in meetings' })
  @IsBoolean()
  commitmentsOnly: boolean = false;

  @Field({ defaultValue: false, description: 'Include archived tasks' })
  @IsBoolean()
  includeArchived: boolean = false;
}

@InputType()
export class TaskOrder {
  @Field(() => TaskOrderField, { defaultValue: TaskOrderField.DUE_DATE })
  @IsEnum(TaskOrderField)
  field: TaskOrderField = TaskOrderField.DUE_DATE;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  @IsEnum(SortDirection)
  direction: SortDirection = SortDirection.ASC;
}

@ArgsType()
export class TasksArgs extends PageArgs {
  @Field(() => TaskFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => TaskFilter)
  filter?: TaskFilter;

  @Field(() => TaskOrder, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => TaskOrder)
  orderBy?: TaskOrder;
}

@ArgsType()
export class MyTasksArgs extends PageArgs {
  @Field(() => Boolean, {
    nullable: true,
    description: 'true: OPEN and due before today ("what have I promised and not done"); false: not overdue',
  })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean;

  @Field(() => TaskStatus, { nullable: true, defaultValue: TaskStatus.OPEN, description: 'null for every status' })
  @IsOptional()
  @IsEnum(TaskStatus)
  status?: TaskStatus | null = TaskStatus.OPEN;
}
