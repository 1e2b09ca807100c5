import { insertOrganisations, insertRecordOfEachType, userIdByEmail } from '../factories/task.factory';
import { createTestApp, TestApp } from '../utils/test-app';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const ADD = `mutation ($input: AddNoteInput!) { addNote(input: $input) {
  id recordType recordId body authorId archivedAt createdAt updatedAt version author { email } } }`;
const UPDATE = `mutation ($id: ID!, $v: Int!, $body: String!) { updateNote(id: $id, expectedVersion: $v, body: $body) { body version } }`;
const ARCHIVE = `mutation ($id: ID!) { archiveNote(id: $id) { archivedAt } }`;
const RESTORE = `mutation ($id: ID!) { restoreNote(id: $id) { archivedAt } }`;
const ORGANISATION_NOTES = `query ($id: ID!) { organisation(id: $id) { notes { body author { email } } } }`;

describe('Notes (GraphQL)', () => {
  let t: TestApp;
  let author: string;
  let colleague: string;
  let adminId: string;

  const add = async (input: Record<string, unknown>, token = author) => {
    const res = await t.gql(ADD, { input }, token);
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.addNote;
  };
  const countNotes = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM notes`))[0].n);
  const notesOf = async (organisationId: string, token = author) =>
    (await t.gql(ORGANISATION_NOTES, { id: organisationId }, token)).data.organisation.notes.map((n: any) => n.body);

  beforeAll(async () => {
    t = await createTestApp();
    author = await t.userToken('STAFF', 'anna.schmidt@wfs.test');
    colleague = await t.userToken('STAFF', 'dirk.vogel@wfs.test');
    adminId = await userIdByEmail(t.dataSource);
  });
  afterAll(() => t.close());

  it('adds notes to organisations, people, meetings and leads and shows them newest first', async () => {
    const records = await insertRecordOfEachType(t.dataSource, adminId);
    for (const [recordType, recordId] of Object.entries(records)) {
      const first = await add({ recordType, recordId, body: `  Erste Notiz (${recordType})  ` });
      expect(first).toMatchObject({
        recordType,
        recordId,
        body: `Erste Notiz (${recordType})`,
        archivedAt: null,
        version: 1,
        author: { email: 'anna.schmidt@wfs.test' },
      });
      await add({ recordType, recordId, body: `Zweite Notiz (${recordType})` }, colleague);
    }
    const res = await t.gql(ORGANISATION_NOTES, { id: records.ORGANISATION }, author);
    expect(res.data.organisation.notes).toEqual([
      { body: 'Zweite Notiz (ORGANISATION)', author: { email: 'dirk.vogel@wfs.test' } },
      { body: 'Erste Notiz (ORGANISATION)', author: { email: 'anna.schmidt@wfs.test' } },
    ]);

    // Lead, meeting and person have no query of their own here yet: reach them through a task.
    const task = await t.gql(
      `mutation ($l: ID!, $m: ID!, $p: ID!) { createTask(input: { title: "Notes", leadId: $l, meetingId: $m, personId: $p }) {
        lead { notes { body } } meeting { notes { body } } person { notes { body } } } }`,
      { l: records.LEAD, m: records.MEETING, p: records.PERSON },
      author,
    );
    expect(task.errors).toBeUndefined();
    expect(task.data.createTask).toEqual({
      lead: { notes: [{ body: 'Zweite Notiz (LEAD)' }, { body: 'Erste Notiz (LEAD)' }] },
      meeting: { notes: [{ body: 'Zweite Notiz (MEETING)' }, { body: 'Erste Notiz (MEETING)' }] },
      person: { notes: [{ body: 'Zweite Notiz (PERSON)' }, { body: 'Erste Notiz (PERSON)' }] },
    });
  });

  describe('rejects bad input with BAD_USER_INPUT naming the field, writing nothing', () => {
    it.each([
      ['an unknown organisation', { recordType: 'ORGANISATION', recordId: UNKNOWN }, 'input.recordId'],
      ['an unknown person', { recordType: 'PERSON', recordId: UNKNOWN }, 'input.recordId'],
      ['an unknown meeting', { recordType: 'MEETING', recordId: UNKNOWN }, 'input.recordId'],
      ['an unknown lead', { recordType: 'LEAD', recordId: UNKNOWN }, 'input.recordId'],
      ['a malformed record id', { recordId: 'brembo' }, 'input.recordId'],
      ['an empty body', { body: ' \n ' }, 'input.body'],
      ['a body over 20,000 characters', { body: 'x'.repeat(20001) }, 'input.body'],
    ])('%s', async (_label, change, field) => {
      const [organisationId] = await insertOrganisations(t.dataSource, 1, 'bad-notes');
      const before = await countNotes();
      const res = await t.gql(ADD, { input: { recordType: 'ORGANISATION', recordId: organisationId, body: 'ok', ...change } }, author);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await countNotes()).toBe(before);
    });

    it('an unknown record type', async () => {
      const res = await t.gql(ADD, { input: { recordType: 'TRIP', recordId: UNKNOWN, body: 'x' } }, author);
      expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it('accepts a body of exactly 20,000 characters', async () => {
      const [organisationId] = await insertOrganisations(t.dataSource, 1, 'long-note');
      const note = await add({ recordType: 'ORGANISATION', recordId: organisationId, body: 'x'.repeat(20000) });
      expect(note.body).toHaveLength(20000);
    });
  });

  it('lets the author update a note, with CONFLICT for a stale version', async () => {
    const [organisationId] = await insertOrganisations(t.dataSource, 1, 'update-notes');
    const note = await add({ recordType: 'ORGANISATION', recordId: organisationId, body: 'IATF-16949 bevorzugt' });
    const updated = await t.gql(UPDATE, { id: note.id, v: 1, body: ' IATF 16949 Pflicht ' }, author);
    expect(updated.data.updateNote).toEqual({ body: 'IATF 16949 Pflicht', version: 2 });
    const stale = await t.gql(UPDATE, { id: note.id, v: 1, body: 'Lost update' }, author);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion', currentVersion: 2 });
    const empty = await t.gql(UPDATE, { id: note.id, v: 2, body: '' }, author);
    expect(empty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    expect(await notesOf(organisationId)).toEqual(['IATF 16949 Pflicht']);
  });

  it("answers FORBIDDEN when another staff member edits or archives someone's note, changing nothing", async () => {
    const [organisationId] = await insertOrganisations(t.dataSource, 1, 'forbidden-notes');
    const note = await add({ recordType: 'ORGANISATION', recordId: organisationId, body: 'Meine Notiz' });
    const update = await t.gql(UPDATE, { id: note.id, v: 1, body: 'Übernommen' }, colleague);
    expect(update.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const archive = await t.gql(ARCHIVE, { id: note.id }, colleague);
    expect(archive.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const viewer = await t.userToken('VIEWER');
    expect((await t.gql(UPDATE, { id: note.id, v: 1, body: 'Viewer' }, viewer)).errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(await notesOf(organisationId)).toEqual(['Meine Notiz']);
    const [row] = await t.dataSource.query(`SELECT version, archived_at FROM notes WHERE id = $1`, [note.id]);
    expect(row).toEqual({ version: 1, archived_at: null });
  });

  it("lets an admin edit and archive anyone's note", async () => {
    const [organisationId] = await insertOrganisations(t.dataSource, 1, 'admin-notes');
    const note = await add({ recordType: 'ORGANISATION', recordId: organisationId, body: 'Von Anna' });
    const updated = await t.asAdmin(UPDATE, { id: note.id, v: 1, body: 'Vom Admin korrigiert' });
    expect(updated.data.updateNote).toEqual({ body: 'Vom Admin korrigiert', version: 2 });
    const archived = await t.asAdmin(ARCHIVE, { id: note.id });
    expect(archived.data.archiveNote.archivedAt).toEqual(expect.any(String));
  });

  it('hides archived notes from their record until restored', async () => {
    const [organisationId] = await insertOrganisations(t.dataSource, 1, 'archive-notes');
    const kept = await add({ recordType: 'ORGANISATION', recordId: organisationId, body: 'Bleibt' });
    const gone = await add({ recordType: 'ORGANISATION', recordId: organisationId, body: 'Wird archiviert' });
    expect(kept.id).not.toBe(gone.id);
    const archived = await t.gql(ARCHIVE, { id: gone.id }, author);
    expect(archived.data.archiveNote.archivedAt).toEqual(expect.any(String));
    expect(await notesOf(organisationId)).toEqual(['Bleibt']);
    const restored = await t.gql(RESTORE, { id: gone.id }, author);
    expect(restored.data.restoreNote.archivedAt).toBeNull();
    expect(await notesOf(organisationId)).toEqual(['Wird archiviert', 'Bleibt']);
  });

  it('answers NOT_FOUND for an unknown note', async () => {
    const res = await t.gql(UPDATE, { id: UNKNOWN, v: 1, body: 'x' }, author);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    const archive = await t.gql(ARCHIVE, { id: UNKNOWN }, author);
    expect(archive.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });

  it('reads notes and their authors with the same number of SQL statements for 5 and for 50 organisations', async () => {
    const organisations = await insertOrganisations(t.dataSource, 50, 'note-loader');
    for (const [i, recordId] of organisations.entries()) {
      await add({ recordType: 'ORGANISATION', recordId, body: `Notiz ${i}` }, i % 2 ? author : colleague);
    }
    const query = (n: number) => `{ organisations(first: ${n}, filter: { sector: "note-loader" }) {
      edges { node { name notes { body author { email } } } } } }`;
    const count = async (n: number) => {
      const { result, statements } = await t.queries.count(() => t.gql(query(n), {}, author));
      expect(result.errors).toBeUndefined();
      expect(result.data.organisations.edges).toHaveLength(n);
      expect(result.data.organisations.edges[0].node.notes).toEqual([{ body: 'Notiz 0', author: { email: 'dirk.vogel@wfs.test' } }]);
      return statements.filter((s) => !/^(START TRANSACTION|COMMIT)/.test(s)).length;
    };
    const five = await count(5);
    expect(await count(50)).toBe(five);
    // token user, the page, the notes, their authors
    expect(five).toBeLessThanOrEqual(4);
  });
});
