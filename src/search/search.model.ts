import { createUnionType, Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { Lead } from '../leads/lead.model';
import { Meeting } from '../meetings/meeting.model';
import { Note } from '../notes/note.model';
import { Organisation } from '../organisations/organisation.model';
import { Person } from '../people/person.model';
import { Trip } from '../trips/trip.model';
import { SearchType } from './search-type.enum';

/** The GraphQL type of each kind of hit. */
const TYPE_NAMES: Record<SearchType, string> = {
  [SearchType.ORGANISATION]: 'Organisation',
  [SearchType.PERSON]: 'Person',
  [SearchType.TRIP]: 'Trip',
  [SearchType.MEETING]: 'Meeting',
  [SearchType.LEAD]: 'Lead',
  [SearchType.NOTE]: 'Note',
};

/** The kind of each record a search returned (records are plain rows, so the union cannot tell them apart by class). */
const hitTypes = new WeakMap<object, SearchType>();

export function markSearchRecord<T extends object>(record: T, type: SearchType): T {
  hitTypes.set(record, type);
  return record;
}

export const SearchRecord = createUnionType({
  name: 'SearchRecord',
  description: 'The record a search hit stands for',
  types: () => [Organisation, Person, Trip, Meeting, Lead, Note] as const,
  resolveType: (record: object) => {
    const type = hitTypes.get(record);
    return type ? TYPE_NAMES[type] : undefined;
  },
});

@ObjectType({ description: 'A stretch of a fragment that matched the query' })
export class TextRange {
  @Field(() => Int, { description: 'Offset in the fragment, in UTF-16 code units (as JavaScript strings count)' })
  start: number;

  @Field(() => Int)
  length: number;
}

@ObjectType({ description: 'Text of a hit where the query matched, with the matching words marked' })
export class SearchHighlight {
  @Field({ description: 'The field the text comes from: name, legalName, description, background, title, outcomeSummary, objectives, body, email, phone or organisation' })
  field: string;

  @Field({ description: 'The text, cut around the first match when long (… marks a cut)' })
  fragment: string;

  @Field(() => [TextRange])
  matches: TextRange[];
}

@ObjectType({ description: 'One record found by search' })
export class SearchHit {
  @Field(() => SearchType)
  type: SearchType;

  @Field(() => ID)
  id: string;

  @Field(() => Float, {
    description:
      'Higher is better: per word 1 for a whole word in the name, 0.9 a prefix, 0.8 a typo, half that in the body text, averaged; +1 when the whole name is the query; 2 for an email address or phone number',
  })
  score: number;

  @Field(() => SearchRecord)
  record: object;

  @Field(() => [SearchHighlight])
  highlights: SearchHighlight[];
}

@ObjectType()
export class SearchHitConnection extends Connection(SearchHit) {}
