import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsInt, IsString, IsUUID, MaxLength, Min, MinLength } from 'class-validator';
import { Trim } from '../../common/validation/transforms';
import { MAX_NOTE_LENGTH } from './add-note.input';

@ArgsType()
export class UpdateNoteArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;

  @Field(() => Int, { description: 'The version the client last read; a newer one answers CONFLICT' })
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @Field({ description: `1 to ${MAX_NOTE_LENGTH} characters` })
  @Trim()
  @IsString()
  @MinLength(1, { message: 'body must not be empty' })
  @MaxLength(MAX_NOTE_LENGTH)
  body: string;
}
