import { DataSource } from 'typeorm';
import { RecordType } from '../../src/common/graphql/record-type.enum';
import { CreateTaskInput } from '../../src/tasks/dto/create-task.input';
import { ADMIN_EMAIL } from '../utils/test-app';

let sequence = 0;

/** A valid task input; override what the test is about. */
export function taskInput(overrides: Partial<CreateTaskInput> = {}): CreateTaskInput {
  sequence += 1;
  return Object.assign(new CreateTaskInput(), { title: `Angebot nachfassen ${sequence}`, ...overrides });
}

export const TASK_FIELDS = `id title description dueDate assigneeId status completedAt isOverdue leadId meetingId
  organisationId personId isCommitment promisedById createdBy archivedAt createdAt updatedAt version`;

/** YYYY-MM-DD `days` from today (UTC), e.g. -1 for yesterday. */
export function isoDay(days: number): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

// People, meetings and leads are other features: tests create them with SQL,
// only the columns that must not be NULL.

export async function userIdByEmail(dataSource: DataSource, email = ADMIN_EMAIL): Promise<string> {
  const [row] = await dataSource.query(`SELECT id FROM users WHERE email = $1`, [email]);
  if (!row) throw new Error(`no user ${email}`);
  return row.id;
}

export async function insertPeople(dataSource: DataSource, count = 1, familyName = 'Rossi'): Promise<string[]> {
  const rows: { id: string }[] = await dataSource.query(
    `INSERT INTO people (given_name, family_name)
     SELECT 'Giulia', $1 || ' ' || n FROM generate_series(1, $2::int) AS n RETURNING id`,
    [familyName, count],
  );
  return rows.map((row) => row.id);
}

export async function insertMeetings(dataSource: DataSource, count = 1, title = 'Besuch bei Brembo'): Promise<string[]> {
  const rows: { id: string }[] = await dataSource.query(
    `INSERT INTO meetings (title, kind, starts_at, time_zone)
     SELECT $1 || ' ' || n, 'VISIT', timestamptz '2024-05-14 12:00:00+00' + n * interval '1 hour', 'Europe/Rome'
     FROM generate_series(1, $2::int) AS n RETURNING id`,
    [title, count],
  );
  return rows.map((row) => row.id);
}

export async function insertLeads(dataSource: DataSource, ownerId: string, count = 1, title = 'Bremsscheiben aus Sachsen'): Promise<string[]> {
  const rows: { id: string }[] = await dataSource.query(
    `INSERT INTO leads (title, kind, owner_id)
     SELECT $1 || ' ' || n, 'SUPPLY', $3::uuid FROM generate_series(1, $2::int) AS n RETURNING id`,
    [title, count, ownerId],
  );
  return rows.map((row) => row.id);
}

export async function insertOrganisations(dataSource: DataSource, count = 1, sector = 'automotive'): Promise<string[]> {
  const rows: { id: string }[] = await dataSource.query(
    `INSERT INTO organisations (name, kind, sectors)
     SELECT 'Zulieferer ' || $1 || ' ' || lpad(n::text, 3, '0'), 'COMPANY', ARRAY[$1] FROM generate_series(1, $2::int) AS n
     RETURNING id`,
    [sector, count],
  );
  return rows.map((row) => row.id);
}

/** One record of each type, for tests that go through all four. */
export async function insertRecordOfEachType(dataSource: DataSource, ownerId: string): Promise<Record<RecordType, string>> {
  return {
    [RecordType.ORGANISATION]: (await insertOrganisations(dataSource, 1, 'records'))[0],
    [RecordType.PERSON]: (await insertPeople(dataSource))[0],
    [RecordType.MEETING]: (await insertMeetings(dataSource))[0],
    [RecordType.LEAD]: (await insertLeads(dataSource, ownerId))[0],
  };
}
