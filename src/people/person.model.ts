import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { VersionedRecord } from '../common/graphql/versioned-record.model';

@ObjectType()
export class EmailAddress {
  @Field()
  address: string;

  @Field(() => String, { nullable: true, description: 'e.g. work, private' })
  label: string | null;

  @Field()
  primary: boolean;
}

@ObjectType()
export class PhoneNumber {
  @Field({ description: 'E.164, e.g. +3905221234567' })
  number: string;

  @Field(() => String, { nullable: true, description: 'e.g. mobile, office' })
  label: string | null;

  @Field()
  primary: boolean;
}

@ObjectType('Person', { description: 'A contact: a business card, a host, a delegate' })
export class Person extends VersionedRecord {
  @Field(() => String, { nullable: true, description: 'Dr., Prof., Ing.' })
  title: string | null;

  @Field()
  givenName: string;

  @Field()
  familyName: string;

  @Field(() => [EmailAddress], { description: 'The primary address first' })
  emails: EmailAddress[];

  @Field(() => [PhoneNumber], { description: 'The primary number first' })
  phones: PhoneNumber[];

  @Field(() => String, { nullable: true, description: 'ISO 639-1, e.g. de, it, en' })
  preferredLanguage: string | null;

  @Field(() => String, { nullable: true, description: 'Free-text background: how we know them, what matters to them' })
  background: string | null;
}

@ObjectType()
export class PersonConnection extends Connection(Person) {}

@ObjectType('Affiliation', { description: "A person's role at an organisation over a period" })
export class Affiliation extends VersionedRecord {
  @Field(() => ID)
  personId: string;

  @Field(() => ID)
  organisationId: string;

  @Field(() => String, { nullable: true })
  jobTitle: string | null;

  @Field(() => String, { nullable: true })
  department: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  startDate: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; set when the affiliation ended' })
  endDate: string | null;

  @Field()
  isPrimary: boolean;

  @Field({ description: 'No end date, or one in the future' })
  isCurrent: boolean;
}
