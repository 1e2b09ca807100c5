import { CreateTripInput } from '../../src/trips/dto/create-trip.input';
import { TripKind } from '../../src/trips/trip.enums';
import type { Db } from '../../src/database/table';

let sequence = 0;

/** A valid trip input (Milan and Modena, 13-16 May 2024); override what the test is about. */
export function tripInput(overrides: Partial<CreateTripInput> = {}): CreateTripInput {
  sequence += 1;
  return Object.assign(new CreateTripInput(), {
    name: `Delegationsreise ${sequence}`,
    kind: TripKind.DELEGATION,
    startDate: '2024-05-13',
    endDate: '2024-05-16',
    destinations: [
      { city: 'Milano', country: 'IT' },
      { city: 'Modena', country: 'IT' },
    ],
    objectives: 'Automotive supplier contacts',
    ...overrides,
  });
}

let people = 0;

/**
 * Inserts a person with SQL: the people feature is built separately, and
 * trips and meetings only need people to exist.
 */
export async function insertPerson(db: Db, givenName = 'Anna', familyName = `Person ${++people}`): Promise<string> {
  const [row] = await db.query(`INSERT INTO people (given_name, family_name) VALUES ($1, $2) RETURNING id`, [givenName, familyName]);
  return row.id;
}

export const TRIP_FIELDS = `id name kind startDate endDate destinations { city country } organiserId objectives
  archivedAt createdAt updatedAt version`;
