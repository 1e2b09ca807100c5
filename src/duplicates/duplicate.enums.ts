import { registerEnumType } from '@nestjs/graphql';

/** The records that can have duplicates. */
export enum DuplicateType {
  PERSON = 'PERSON',
  ORGANISATION = 'ORGANISATION',
}

registerEnumType(DuplicateType, { name: 'DuplicateType' });

/** Why two records may be the same (named by the database's liaison_person_pair / liaison_organisation_pair). */
export enum DuplicateReason {
  SAME_EMAIL = 'SAME_EMAIL',
  SAME_PHONE = 'SAME_PHONE',
  SAME_WEBSITE_DOMAIN = 'SAME_WEBSITE_DOMAIN',
  SAME_NAME = 'SAME_NAME',
  SIMILAR_NAME = 'SIMILAR_NAME',
  SAME_ORGANISATION = 'SAME_ORGANISATION',
  SAME_CITY = 'SAME_CITY',
}

registerEnumType(DuplicateReason, {
  name: 'DuplicateReason',
  valuesMap: {
    SAME_EMAIL: { description: 'An email address both have (any letter case)' },
    SAME_PHONE: { description: 'A phone number both have (compared in E.164)' },
    SAME_WEBSITE_DOMAIN: { description: "The websites' domain, without www." },
    SAME_NAME: { description: 'The folded names are equal, in any word order' },
    SIMILAR_NAME: { description: 'The folded names are similar (trigram similarity)' },
    SAME_ORGANISATION: { description: 'Both are affiliated with one organisation' },
    SAME_CITY: { description: 'Both are in the same city' },
  },
});
