import { Db } from '../../src/database/table';
import { CreateLeadInput } from '../../src/leads/dto/create-lead.input';
import { LeadKind } from '../../src/leads/lead.enums';
import { ConvertLeadInput } from '../../src/partnerships/dto/convert-lead.args';
import { CreatePartnershipInput } from '../../src/partnerships/dto/create-partnership.input';
import { PartnershipKind } from '../../src/partnerships/partnership.enums';

let sequence = 0;
const next = () => (sequence += 1);

/** A valid lead input; override what the test is about. */
export function leadInput(overrides: Partial<CreateLeadInput> = {}): CreateLeadInput {
  return Object.assign(new CreateLeadInput(), {
    title: `Kooperation ${next()}`,
    kind: LeadKind.SUPPLY,
    topics: ['reshoring of automotive value chains'],
    ...overrides,
  });
}

export function partnershipInput(partyIds: string[], overrides: Partial<CreatePartnershipInput> = {}): CreatePartnershipInput {
  return Object.assign(new CreatePartnershipInput(), {
    title: `Partnerschaft ${next()}`,
    kind: PartnershipKind.MOU,
    partyIds,
    ...overrides,
  });
}

export function convertInput(overrides: Partial<ConvertLeadInput> = {}): ConvertLeadInput {
  return Object.assign(new ConvertLeadInput(), { kind: PartnershipKind.SUPPLY_CONTRACT, ...overrides });
}

// People, trips and meetings are other features' slices: the lead tests insert
// the rows they need directly, with only the columns that are NOT NULL.

export async function insertOrganisation(
  db: Db,
  values: { name?: string; country?: string | null; kind?: string } = {},
): Promise<string> {
  const [row] = await db.query(`INSERT INTO organisations (name, kind, country) VALUES ($1, $2, $3) RETURNING id`, [
    values.name ?? `Organisation ${next()}`,
    values.kind ?? 'COMPANY',
    values.country === undefined ? 'DE' : values.country,
  ]);
  return row.id;
}

export async function insertPerson(db: Db, values: { givenName?: string; familyName?: string } = {}): Promise<string> {
  const [row] = await db.query(`INSERT INTO people (given_name, family_name) VALUES ($1, $2) RETURNING id`, [
    values.givenName ?? 'Anna',
    values.familyName ?? `Muster ${next()}`,
  ]);
  return row.id;
}

export async function insertTrip(db: Db, name = `Delegationsreise ${next()}`): Promise<string> {
  const [row] = await db.query(
    `INSERT INTO trips (name, kind, start_date, end_date) VALUES ($1, 'DELEGATION', '2024-05-13', '2024-05-15') RETURNING id`,
    [name],
  );
  return row.id;
}

export async function insertMeeting(db: Db, values: { title?: string; tripId?: string | null } = {}): Promise<string> {
  const [row] = await db.query(
    `INSERT INTO meetings (title, kind, starts_at, time_zone, trip_id)
     VALUES ($1, 'VISIT', '2024-05-14T12:00:00Z', 'Europe/Rome', $2) RETURNING id`,
    [values.title ?? `Termin ${next()}`, values.tripId ?? null],
  );
  return row.id;
}

/** Row counts of everything a lead or partnership mutation writes, to prove a rejected one wrote nothing. */
export async function leadTableCounts(db: Db): Promise<Record<string, number>> {
  const [row] = await db.query(`SELECT
    (SELECT count(*)::int FROM leads) AS leads,
    (SELECT count(*)::int FROM lead_organisations) AS "leadOrganisations",
    (SELECT count(*)::int FROM lead_contacts) AS "leadContacts",
    (SELECT count(*)::int FROM lead_stage_changes) AS "stageChanges",
    (SELECT count(*)::int FROM partnerships) AS partnerships,
    (SELECT count(*)::int FROM partnership_parties) AS "partnershipParties"`);
  return row;
}

export const LEAD_FIELDS = `id title description kind topics stage stageChangedAt isOpen ownerId originTripId originMeetingId
  estimatedValue potentialJobs probability nextStep nextStepDate closedReason archivedAt createdAt updatedAt version`;

export const PARTNERSHIP_FIELDS = `id leadId title kind signedOn valueEur status endedOn description archivedAt createdAt updatedAt version`;
