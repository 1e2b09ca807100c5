import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { OrganisationKind } from './organisation-kind.enum';
import { VersionedRecord } from '../common/graphql/versioned-record.model';

@ObjectType('Organisation', { description: 'A company, authority, ministry, network, institute or association' })
export class Organisation extends VersionedRecord {
  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  legalName: string | null;

  @Field(() => OrganisationKind)
  kind: OrganisationKind;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country code, e.g. IT' })
  country: string | null;

  @Field(() => String, { nullable: true, description: 'Region as free text, e.g. Emilia-Romagna' })
  region: string | null;

  @Field(() => String, { nullable: true, description: 'NUTS code of the region, e.g. ITH5' })
  nutsCode: string | null;

  @Field(() => String, { nullable: true })
  city: string | null;

  @Field(() => String, { nullable: true })
  website: string | null;

  @Field(() => [String])
  sectors: string[];

  @Field(() => ID, { nullable: true })
  parentId: string | null;

  @Field(() => String, { nullable: true })
  description: string | null;
}

@ObjectType()
export class OrganisationConnection extends Connection(Organisation) {}
