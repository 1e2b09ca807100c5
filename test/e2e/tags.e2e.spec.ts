import { insertOrganisations, insertRecordOfEachType, userIdByEmail } from '../factories/task.factory';
import { createTestApp, TestApp } from '../utils/test-app';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const TAG = `mutation ($r: RecordType!, $id: ID!, $tags: [String!]!) { tagRecord(recordType: $r, recordId: $id, tags: $tags) }`;
const UNTAG = `mutation ($r: RecordType!, $id: ID!, $tags: [String!]!) { untagRecord(recordType: $r, recordId: $id, tags: $tags) }`;
const TAG_COUNTS = `query ($prefix: String, $r: RecordType, $first: Int) { tags(prefix: $prefix, recordType: $r, first: $first) { tag count } }`;

describe('Tags (GraphQL)', () => {
  let t: TestApp;
  let staff: string;
  let adminId: string;

  const tag = async (recordType: string, id: string, tags: string[]) => {
    const res = await t.gql(TAG, { r: recordType, id, tags }, staff);
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.tagRecord as string[];
  };
  const countTaggings = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM taggings`))[0].n);

  beforeAll(async () => {
    t = await createTestApp();
    staff = await t.userToken('STAFF');
    adminId = await userIdByEmail(t.dataSource);
  });
  afterAll(() => t.close());

  it('normalises tags, adds them idempotently and answers the sorted tags of the record', async () => {
    const [organisationId] = await insertOrganisations(t.dataSource, 1, 'tagging');
    expect(await tag('ORGANISATION', organisationId, [' Tier-1 ', 'ITALIEN', 'italien', 'Ärger'])).toEqual(['ärger', 'italien', 'tier-1']);
    expect(await tag('ORGANISATION', organisationId, ['italien', 'Bremsen'])).toEqual(['ärger', 'bremsen', 'italien', 'tier-1']);
    expect(await tag('ORGANISATION', organisationId, [])).toEqual(['ärger', 'bremsen', 'italien', 'tier-1']);
    const read = await t.gql(`query ($id: ID!) { organisation(id: $id) { tags } }`, { id: organisationId }, staff);
    expect(read.data.organisation.tags).toEqual(['ärger', 'bremsen', 'italien', 'tier-1']);
  });

  it('removes tags, ignoring ones the record does not have', async () => {
    const [organisationId] = await insertOrganisations(t.dataSource, 1, 'untagging');
    await tag('ORGANISATION', organisationId, ['italien', 'tier-1', 'automotive']);
    const res = await t.gql(UNTAG, { r: 'ORGANISATION', id: organisationId, tags: [' ITALIEN', 'never-there'] }, staff);
    expect(res.data.untagRecord).toEqual(['automotive', 'tier-1']);
    const read = await t.gql(`query ($id: ID!) { organisation(id: $id) { tags } }`, { id: organisationId }, staff);
    expect(read.data.organisation.tags).toEqual(['automotive', 'tier-1']);
  });

  it('tags people, meetings and leads, kept apart by record type', async () => {
    const records = await insertRecordOfEachType(t.dataSource, adminId);
    for (const [recordType, id] of Object.entries(records)) {
      expect(await tag(recordType, id, [recordType, 'gemeinsam'])).toEqual(['gemeinsam', recordType.toLowerCase()].sort());
    }
    const res = await t.gql(
      `mutation ($l: ID!, $m: ID!, $p: ID!) { createTask(input: { title: "Tags", leadId: $l, meetingId: $m, personId: $p }) {
        lead { tags } meeting { tags } person { tags } } }`,
      { l: records.LEAD, m: records.MEETING, p: records.PERSON },
      staff,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.createTask).toEqual({
      lead: { tags: ['gemeinsam', 'lead'] },
      meeting: { tags: ['gemeinsam', 'meeting'] },
      person: { tags: ['gemeinsam', 'person'] },
    });
    // The same id under another type is another record.
    const wrongType = await t.gql(TAG, { r: 'LEAD', id: records.PERSON, tags: ['x'] }, staff);
    expect(wrongType.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'recordId' });
  });

  describe('rejects bad input with BAD_USER_INPUT naming the field, writing nothing', () => {
    it.each([
      ['an unknown record', { id: UNKNOWN }, 'recordId'],
      ['a malformed record id', { id: 'brembo' }, 'recordId'],
      ['an empty tag', { tags: ['ok', '   '] }, 'tags'],
      ['a tag over 60 characters', { tags: ['x'.repeat(61)] }, 'tags'],
      ['more than 50 tags', { tags: Array.from({ length: 51 }, (_, i) => `tag-${i}`) }, 'tags'],
    ])('%s', async (_label, change, field) => {
      const [organisationId] = await insertOrganisations(t.dataSource, 1, 'bad-tags');
      const before = await countTaggings();
      const res = await t.gql(TAG, { r: 'ORGANISATION', id: organisationId, tags: ['ok'], ...change }, staff);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await countTaggings()).toBe(before);
    });

    it('an unknown record when untagging', async () => {
      const res = await t.gql(UNTAG, { r: 'MEETING', id: UNKNOWN, tags: ['x'] }, staff);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'recordId' });
    });

    it('accepts a tag of exactly 60 characters', async () => {
      const [organisationId] = await insertOrganisations(t.dataSource, 1, 'long-tag');
      expect(await tag('ORGANISATION', organisationId, ['y'.repeat(60)])).toEqual(['y'.repeat(60)]);
    });
  });

  it('forbids tagging to a VIEWER', async () => {
    const viewer = await t.userToken('VIEWER');
    const [organisationId] = await insertOrganisations(t.dataSource, 1, 'viewer-tags');
    const res = await t.gql(TAG, { r: 'ORGANISATION', id: organisationId, tags: ['x'] }, viewer);
    expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('lists tags with usage counts for autocomplete, most used first', async () => {
    const organisations = await insertOrganisations(t.dataSource, 3, 'autocomplete');
    const records = await insertRecordOfEachType(t.dataSource, adminId);
    for (const id of organisations) await tag('ORGANISATION', id, ['kfz-zulieferer']);
    await tag('ORGANISATION', organisations[0], ['kfz_elektrik', 'kfzteile']);
    await tag('PERSON', records.PERSON, ['kfzteile']);
    await tag('LEAD', records.LEAD, ['kfzautonom', 'kfzautonom-fahren', 'zulieferer-kfz']);

    const all = await t.gql(TAG_COUNTS, { prefix: ' KFZ' }, staff);
    expect(all.data.tags).toEqual([
      { tag: 'kfz-zulieferer', count: 3 },
      { tag: 'kfzteile', count: 2 },
      { tag: 'kfz_elektrik', count: 1 },
      { tag: 'kfzautonom', count: 1 },
      { tag: 'kfzautonom-fahren', count: 1 },
    ]);
    // LIKE wildcards in the prefix are plain characters.
    const underscore = await t.gql(TAG_COUNTS, { prefix: 'kfz_' }, staff);
    expect(underscore.data.tags).toEqual([{ tag: 'kfz_elektrik', count: 1 }]);
    const leadsOnly = await t.gql(TAG_COUNTS, { prefix: 'kfz', r: 'LEAD' }, staff);
    expect(leadsOnly.data.tags.map((row: any) => row.tag)).toEqual(['kfzautonom', 'kfzautonom-fahren']);
    const top = await t.gql(TAG_COUNTS, { prefix: 'kfz', first: 2 }, staff);
    expect(top.data.tags).toEqual([{ tag: 'kfz-zulieferer', count: 3 }, { tag: 'kfzteile', count: 2 }]);
    const everything = await t.gql(`{ tags { tag count } }`, {}, staff);
    expect(everything.data.tags.length).toBeGreaterThan(5);
    const tooMany = await t.gql(TAG_COUNTS, { first: 101 }, staff);
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('reads tags with the same number of SQL statements for 5 and for 50 organisations', async () => {
    const organisations = await insertOrganisations(t.dataSource, 50, 'tag-loader');
    for (const [i, id] of organisations.entries()) await tag('ORGANISATION', id, [`nummer-${i}`, 'loader']);
    const query = (n: number) => `{ organisations(first: ${n}, filter: { sector: "tag-loader" }) { edges { node { name tags } } } }`;
    const count = async (n: number) => {
      const { result, statements } = await t.queries.count(() => t.gql(query(n), {}, staff));
      expect(result.errors).toBeUndefined();
      expect(result.data.organisations.edges).toHaveLength(n);
      expect(result.data.organisations.edges[0].node.tags).toEqual(['loader', 'nummer-0']);
      return statements.filter((s) => !/^(START TRANSACTION|COMMIT)/.test(s)).length;
    };
    const five = await count(5);
    expect(await count(50)).toBe(five);
    // token user, the page, the tags
    expect(five).toBeLessThanOrEqual(3);
  });
});
