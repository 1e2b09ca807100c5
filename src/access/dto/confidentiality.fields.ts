import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsUUID } from 'class-validator';
import { Field, ID } from '@nestjs/graphql';
import { Confidentiality } from '../confidentiality.enum';

/**
 * Decorators for the three confidentiality fields of lead and meeting inputs
 * (a class cannot inherit two input types, so each input declares the fields
 * with these).
 */
export function ConfidentialityField(): PropertyDecorator {
  return (target, key) => {
    Field(() => Confidentiality, {
      nullable: true,
      description: 'INTERNAL (default) or CONFIDENTIAL: only its team, named users, the owner and admins see it',
    })(target, key);
    IsOptional()(target, key);
    IsEnum(Confidentiality)(target, key);
  };
}

export function TeamIdField(): PropertyDecorator {
  return (target, key) => {
    Field(() => ID, {
      nullable: true,
      description: "The team a CONFIDENTIAL record belongs to; defaults to the owner's (creator's) only team",
    })(target, key);
    IsOptional()(target, key);
    IsUUID('all', { message: 'teamId must be a UUID' })(target, key);
  };
}

export function SharedWithField(): PropertyDecorator {
  return (target, key) => {
    Field(() => [ID], { nullable: true, description: 'Named extra users who may see it when CONFIDENTIAL; replaces the list' })(
      target,
      key,
    );
    IsOptional()(target, key);
    IsArray()(target, key);
    ArrayMaxSize(50)(target, key);
    IsUUID('all', { each: true, message: 'sharedWithUserIds must hold UUIDs' })(target, key);
    Type(() => String)(target, key);
  };
}

/** A list or report filter on a team: the leads it holds and those its members own (leadOfTeamSql). */
export function TeamFilterField(): PropertyDecorator {
  return (target, key) => {
    Field(() => ID, {
      nullable: true,
      description: 'Leads of this team: those it holds (teamId) and those owned by one of its members',
    })(target, key);
    IsOptional()(target, key);
    IsUUID('all', { message: 'teamId must be a UUID' })(target, key);
  };
}
