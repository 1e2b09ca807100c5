import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { RecordType } from '../../common/graphql/record-type.enum';
import { Trim } from '../../common/validation/transforms';

export const MAX_NOTE_LENGTH = 20000;

@InputType()
export class AddNoteInput {
  @Field(() => RecordType)
  @IsEnum(RecordType)
  recordType: RecordType;

  @Field(() => ID, { description: 'The organisation, person, meeting or lead the note is about' })
  @IsUUID('all', { message: 'recordId must be a UUID' })
  recordId: string;

  @Field({ description: `1 to ${MAX_NOTE_LENGTH} characters` })
  @Trim()
  @IsString()
  @MinLength(1, { message: 'body must not be empty' })
  @MaxLength(MAX_NOTE_LENGTH)
  body: string;
}
