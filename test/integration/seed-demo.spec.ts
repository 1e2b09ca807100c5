import { DataSource } from 'typeorm';
import { seedDemo } from '../../src/seed/demo-data';
import { openTestDatabase, openTestDataSource, TestDatabase } from '../utils/test-database';

const TABLES = [
  'users', 'organisations', 'organisation_memberships', 'people', 'affiliations', 'trips', 'trip_delegates',
  'meetings', 'meeting_organisations', 'meeting_participants', 'leads', 'lead_organisations', 'lead_contacts',
  'lead_stage_changes', 'partnerships', 'partnership_parties', 'tasks', 'notes', 'taggings',
];

async function counts(dataSource: DataSource): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of TABLES) result[table] = Number((await dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  return result;
}

describe('Demo data (npm run seed:demo)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await openTestDatabase();
    dataSource = await openTestDataSource(db.target);
    await dataSource.transaction((tx) => seedDemo(tx));
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.dispose();
  });

  it('loads the May 2024 delegation: 12 organisations, 9 people, 1 trip with 8 programme items, 7 leads, and 4 + 4 duplicates', async () => {
    expect(await counts(dataSource)).toMatchObject({
      users: 3,
      organisations: 16,
      organisation_memberships: 3,
      people: 13,
      affiliations: 11,
      trips: 1,
      trip_delegates: 4,
      meetings: 8,
      leads: 7,
      partnerships: 1,
      tasks: 6,
      notes: 2,
      taggings: 6,
    });
  });

  it('has leads in every stage, one converted partnership, open and overdue tasks', async () => {
    const stages = await dataSource.query(`SELECT stage, count(*)::int AS n FROM leads GROUP BY stage ORDER BY stage`);
    expect(stages.map((s: { stage: string }) => s.stage).sort()).toEqual(
      ['CONTACTED', 'LOST', 'NEGOTIATING', 'NEW', 'ON_HOLD', 'QUALIFIED', 'WON'],
    );
    const [{ overdue, open }] = await dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'OPEN' AND due_date < current_date)::int AS overdue,
              count(*) FILTER (WHERE status = 'OPEN' AND due_date >= current_date)::int AS open FROM tasks`,
    );
    expect(overdue).toBe(2);
    expect(open).toBe(3);
    // Each lead's history ends in its current stage and starts from nothing.
    const histories = await dataSource.query(
      `SELECT l.stage, (SELECT to_stage FROM lead_stage_changes WHERE lead_id = l.id ORDER BY changed_at DESC LIMIT 1) AS last,
              (SELECT count(*)::int FROM lead_stage_changes WHERE lead_id = l.id AND from_stage IS NULL) AS starts
         FROM leads l`,
    );
    for (const h of histories) expect({ last: h.last, starts: h.starts }).toEqual({ last: h.stage, starts: 1 });
  });

  it('stores the 10:00 Brembo visit as wall-clock time in Europe/Rome', async () => {
    const [row] = await dataSource.query(
      `SELECT to_char(starts_at AT TIME ZONE time_zone, 'YYYY-MM-DD HH24:MI') AS local, starts_at FROM meetings WHERE title LIKE 'Unternehmensbesuch Brembo'`,
    );
    expect(row.local).toBe('2024-05-14 10:00');
    expect(row.starts_at.toISOString()).toBe('2024-05-14T08:00:00.000Z');
  });

  it('does not duplicate anything when seeded twice', async () => {
    const before = await counts(dataSource);
    await dataSource.transaction((tx) => seedDemo(tx));
    expect(await counts(dataSource)).toEqual(before);
  });

  it('keeps umlauts and apostrophes', async () => {
    const names = await dataSource.query(`SELECT family_name FROM people WHERE family_name IN ('Queck-Hänel', 'D''Amico')`);
    expect(names).toHaveLength(2);
  });
});
