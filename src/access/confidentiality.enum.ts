import { registerEnumType } from '@nestjs/graphql';

/** Who may see a lead or meeting: every user (INTERNAL) or its team, named extra users and admins (CONFIDENTIAL). */
export enum Confidentiality {
  INTERNAL = 'INTERNAL',
  CONFIDENTIAL = 'CONFIDENTIAL',
}

registerEnumType(Confidentiality, {
  name: 'Confidentiality',
  description: 'INTERNAL: every user. CONFIDENTIAL: the team, named extra users (and a lead\'s owner) and admins only',
  valuesMap: {
    INTERNAL: { description: 'Every signed-in user and read-only integration' },
    CONFIDENTIAL: { description: "Only the record's team, its named extra users, a lead's owner and admins" },
  },
});
