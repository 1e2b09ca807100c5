import { DEMO_IDS, DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../../src/seed/demo-data';
import { createTestApp, TestApp } from '../utils/test-app';

const TIMELINE = `query ($id: ID!, $first: Int!, $after: String) { organisation(id: $id) { timeline(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id at kind title fromStage toStage meeting { title } lead { title } partnership { title } task { title } note { body } } } } } }`;

describe("An organisation's timeline", () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.dataSource.transaction((db) => seedDemo(db));
    token = await t.login(DEMO_USERS.staff.email, DEMO_PASSWORD);
  });
  afterAll(() => t.close());

  const page = async (id: string, first: number, after?: string) => {
    const res = await t.gql(TIMELINE, { id, first, after }, token);
    expect(res.errors).toBeUndefined();
    return res.data.organisation.timeline;
  };

  it("merges Lamborghini's meeting, lead, stage changes, partnership and task in time order, newest first", async () => {
    const timeline = await page(DEMO_IDS.org('lamborghini'), 50);
    const entries = timeline.edges.map((e: any) => e.node);
    // Hand-counted from the demo data: 1 meeting, 1 lead opened, 4 stage changes
    // (NEW->CONTACTED->QUALIFIED->NEGOTIATING->WON), 1 partnership, 1 task (the MoU draft).
    expect(entries.map((e: any) => e.kind).sort()).toEqual(
      ['LEAD_OPENED', 'MEETING', 'PARTNERSHIP', 'STAGE_CHANGE', 'STAGE_CHANGE', 'STAGE_CHANGE', 'STAGE_CHANGE', 'TASK'],
    );
    expect(timeline.totalCount).toBe(8);
    const times = entries.map((e: any) => new Date(e.at).getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const won = entries.find((e: any) => e.kind === 'STAGE_CHANGE' && e.toStage === 'WON');
    expect(won).toMatchObject({ fromStage: 'NEGOTIATING', lead: { title: 'Wissensaustausch nachhaltige Fahrzeugproduktion mit Lamborghini' } });
    expect(entries.find((e: any) => e.kind === 'MEETING').meeting).toEqual({ title: 'Unternehmensbesuch Lamborghini' });
    expect(entries.find((e: any) => e.kind === 'PARTNERSHIP').partnership).toEqual({ title: 'Absichtserklärung Wissensaustausch nachhaltige Produktion' });
    expect(entries.find((e: any) => e.kind === 'TASK').task).toEqual({ title: 'Entwurf der Absichtserklärung abstimmen' });
    // Each entry resolves exactly the one record it stands for.
    for (const entry of entries) {
      expect([entry.meeting, entry.lead, entry.partnership, entry.task, entry.note].filter(Boolean)).toHaveLength(1);
    }
  });

  it('includes notes on the organisation', async () => {
    const entries = (await page(DEMO_IDS.org('brembo'), 50)).edges.map((e: any) => e.node);
    expect(entries.filter((e: any) => e.kind === 'NOTE').map((e: any) => e.note.body)).toEqual([
      'Einkauf bevorzugt Lieferanten mit IATF-16949-Zertifikat (demo).',
    ]);
  });

  it('pages through the whole timeline without gaps or repeats', async () => {
    const id = DEMO_IDS.org('amz');
    const all = (await page(id, 100)).edges.map((e: any) => e.node.id);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const next = await page(id, 3, after);
      seen.push(...next.edges.map((e: any) => e.node.id));
      if (!next.pageInfo.hasNextPage) break;
      after = next.pageInfo.endCursor;
    }
    expect(all.length).toBeGreaterThan(10);
    expect(seen).toEqual(all);
  });
});
