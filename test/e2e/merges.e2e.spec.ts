import { createTestApp, TestApp } from '../utils/test-app';

/*
 * Issue 14, merge: every link moves to the survivor, doubles collapse into
 * the richer row, fields are chosen, emails and phones united, the old id
 * keeps answering, unmerge within 30 days puts back exactly what the merge
 * moved, the audit trail has both with before-images, a stale version is
 * CONFLICT, no one sees a confidential record they could not see before,
 * and an organisation merge leaves the report totals as they were.
 */

const MERGE_PEOPLE = `mutation ($s: ID!, $m: ID!, $v: MergeVersionsInput!, $choices: [PersonMergeField!]) {
  mergePeople(survivorId: $s, mergedId: $m, expectedVersions: $v, fieldChoices: $choices) {
    merge { id type survivorId mergedId mergedAt undoableUntil unmergedAt }
    survivor { id version title givenName familyName background emails { address primary } phones { number primary } mergedFrom
      affiliations(includeEnded: true) { organisationId jobTitle isPrimary } } } }`;
const MERGE_ORGANISATIONS = `mutation ($s: ID!, $m: ID!, $v: MergeVersionsInput!, $choices: [OrganisationMergeField!]) {
  mergeOrganisations(survivorId: $s, mergedId: $m, expectedVersions: $v, fieldChoices: $choices) {
    merge { id survivorId mergedId } survivor { id name website city sectors parent { id } children { id } mergedFrom } } }`;
const UNMERGE = `mutation ($id: ID!) { unmerge(mergeId: $id) { id unmergedAt survivorId mergedId } }`;
const PERSON = `query ($id: ID!) { person(id: $id) { id version givenName familyName emails { address } mergedFrom } }`;

describe('Merging people and organisations (GraphQL)', () => {
  let t: TestApp;
  let staff: string;
  let staffId: string;

  const ok = async (query: string, variables: Record<string, unknown> = {}, token = staff) => {
    const res = await t.gql(query, variables, token);
    if (!res.data || res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const sql = (text: string, params: unknown[] = []) => t.dataSource.query(text, params);
  const organisation = async (input: Record<string, unknown>) =>
    (await ok(`mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id version } }`, { input: { kind: 'COMPANY', ...input } }))
      .createOrganisation as { id: string; version: number };
  const person = async (input: Record<string, unknown>) =>
    (await ok(`mutation ($input: CreatePersonInput!) { createPerson(input: $input) { id version } }`, { input })).createPerson as { id: string; version: number };
  const lead = async (input: Record<string, unknown>, token = staff) =>
    (await ok(`mutation ($input: CreateLeadInput!) { createLead(input: $input) { id } }`, { input: { kind: 'SUPPLY', ...input } }, token)).createLead.id as string;
  const meeting = async (participants: { personId: string; side: string }[], organisationIds: string[] = []) =>
    (
      await ok(`mutation ($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }`, {
        input: { title: 'Termin', kind: 'TALK', startsAt: '2024-05-14T10:00', timeZone: 'Europe/Rome', participants, organisationIds },
      })
    ).createMeeting.id as string;
  const version = async (table: string, id: string) => Number((await sql(`SELECT version FROM ${table} WHERE id = $1`, [id]))[0].version);

  beforeAll(async () => {
    t = await createTestApp();
    staff = await t.userToken('STAFF', 'merger@wfs.test');
    staffId = (await sql(`SELECT id FROM users WHERE email = 'merger@wfs.test'`))[0].id;
  });
  afterAll(() => t.close());

  it('moves every link of a person, collapses doubles into the richer row, and keeps the old id answering', async () => {
    const brembo = await organisation({ name: 'Brembo' });
    const amz = await organisation({ name: 'AMZ' });
    const survivor = await person({
      title: 'Ing.', givenName: 'Giulia', familyName: 'Rossi', emails: [{ address: 'giulia.rossi@brembo.example' }],
      affiliations: [{ organisationId: brembo.id, isPrimary: true }],
    });
    const merged = await person({
      givenName: 'Giulia Maria', familyName: 'Rossi', background: 'Met at the Brembo visit',
      emails: [{ address: 'g.rossi@gmail.example' }, { address: 'giulia.rossi@brembo.example' }],
      phones: [{ number: '+39 035 1234567' }],
      affiliations: [
        { organisationId: brembo.id, jobTitle: 'Purchasing Manager', department: 'Einkauf', startDate: '2019-01-01' },
        { organisationId: amz.id, jobTitle: 'Beirat', isPrimary: true },
      ],
    });
    const both = await meeting([{ personId: survivor.id, side: 'HOST' }, { personId: merged.id, side: 'DELEGATION' }]);
    const onlyMerged = await meeting([{ personId: merged.id, side: 'HOST' }]);
    const leadId = await lead({ title: 'Bremsscheiben', contactIds: [merged.id, survivor.id] });
    const task = (await ok(`mutation ($p: ID!) { createTask(input: { title: "Anrufen", personId: $p, promisedById: $p, isCommitment: true }) { id } }`, { p: merged.id })).createTask.id;
    await ok(`mutation ($id: ID!) { addNote(input: { recordType: PERSON, recordId: $id, body: "Spricht Deutsch" }) { id } }`, { id: merged.id });
    await ok(`mutation ($id: ID!) { tagRecord(recordType: PERSON, recordId: $id, tags: ["einkauf", "bremsen"]) }`, { id: merged.id });
    await ok(`mutation ($id: ID!) { tagRecord(recordType: PERSON, recordId: $id, tags: ["einkauf"]) }`, { id: survivor.id });

    const stale = await t.gql(MERGE_PEOPLE, { s: survivor.id, m: merged.id, v: { survivor: survivor.version, merged: merged.version + 1 } }, staff);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersions.merged', currentVersion: merged.version });
    const self = await t.gql(MERGE_PEOPLE, { s: survivor.id, m: survivor.id, v: { survivor: 1, merged: 1 } }, staff);
    expect(self.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mergedId' });

    const { merge, survivor: result } = (
      await ok(MERGE_PEOPLE, { s: survivor.id, m: merged.id, v: { survivor: await version('people', survivor.id), merged: merged.version }, choices: ['GIVEN_NAME'] })
    ).mergePeople;
    expect(merge).toMatchObject({ type: 'PERSON', survivorId: survivor.id, mergedId: merged.id, unmergedAt: null });
    expect(new Date(merge.undoableUntil).getTime() - new Date(merge.mergedAt).getTime()).toBe(30 * 24 * 3600 * 1000);
    expect(result).toMatchObject({
      title: 'Ing.', givenName: 'Giulia Maria', familyName: 'Rossi', background: 'Met at the Brembo visit',
      emails: [{ address: 'giulia.rossi@brembo.example', primary: true }, { address: 'g.rossi@gmail.example', primary: false }],
      phones: [{ number: '+390351234567', primary: true }],
      mergedFrom: [merged.id],
    });
    // The two Brembo affiliations were one: the merged one held more and stays; the survivor's primary stays the one.
    expect(result.affiliations).toEqual(expect.arrayContaining([
      { organisationId: amz.id, jobTitle: 'Beirat', isPrimary: false },
      { organisationId: brembo.id, jobTitle: 'Purchasing Manager', isPrimary: true },
    ]));
    expect(result.affiliations).toHaveLength(2);

    expect(await sql(`SELECT meeting_id, person_id, side FROM meeting_participants WHERE meeting_id IN ($1, $2) ORDER BY meeting_id = $1 DESC`, [both, onlyMerged])).toEqual([
      { meeting_id: both, person_id: survivor.id, side: 'HOST' },
      { meeting_id: onlyMerged, person_id: survivor.id, side: 'HOST' },
    ]);
    expect(await sql(`SELECT person_id FROM lead_contacts WHERE lead_id = $1`, [leadId])).toEqual([{ person_id: survivor.id }]);
    expect(await sql(`SELECT person_id, promised_by_id FROM tasks WHERE id = $1`, [task])).toEqual([{ person_id: survivor.id, promised_by_id: survivor.id }]);
    expect(await sql(`SELECT count(*)::int AS n FROM notes WHERE record_id = $1`, [survivor.id])).toEqual([{ n: 1 }]);
    expect((await sql(`SELECT tag FROM taggings WHERE record_id = $1 ORDER BY tag`, [survivor.id])).map((r: any) => r.tag)).toEqual(['bremsen', 'einkauf']);
    expect(await sql(`SELECT count(*)::int AS n FROM people WHERE id = $1`, [merged.id])).toEqual([{ n: 0 }]);

    // Bookmarks and integrations: the old id answers the survivor.
    expect((await ok(PERSON, { id: merged.id })).person).toMatchObject({ id: survivor.id, mergedFrom: [merged.id] });
    // The audit trail records the merge, with the merged person's row and the survivor's before and after.
    const trail = (await ok(`query ($id: ID!) { auditTrail(recordType: PERSON, recordId: $id, first: 50) { edges { node { table action recordId changes { field before } } } } }`,
      { id: survivor.id }, t.adminToken)).auditTrail.edges.map((e: any) => e.node);
    const entry = trail.find((e: any) => e.table === 'record_merges');
    // The merged person's history is the survivor's now: its creation and its deletion show in the survivor's trail.
    expect(trail.filter((e: any) => e.table === 'people' && e.recordId === merged.id).map((e: any) => e.action)).toEqual(['DELETE', 'INSERT']);
    expect(entry.action).toBe('INSERT');
    expect(entry.changes.map((c: any) => c.field)).toEqual(expect.arrayContaining(['merged_row', 'survivor_before', 'survivor_after', 'links']));
    const deleted = (await ok(`query ($id: ID!) { auditTrail(recordType: PERSON, recordId: $id, first: 5) { edges { node { action changes { field before } } } } }`,
      { id: merged.id }, t.adminToken)).auditTrail.edges[0].node;
    expect(deleted.action).toBe('DELETE');
    expect(deleted.changes.find((c: any) => c.field === 'given_name').before).toBe('"Giulia Maria"');

    // Unmerge: the merged person and exactly the links it brought come back; a link added since stays.
    const later = await meeting([{ personId: survivor.id, side: 'HOST' }]);
    const undone = (await ok(UNMERGE, { id: merge.id })).unmerge;
    expect(undone.unmergedAt).not.toBeNull();
    expect((await ok(PERSON, { id: merged.id })).person).toMatchObject({ id: merged.id, givenName: 'Giulia Maria', mergedFrom: [] });
    expect((await ok(PERSON, { id: survivor.id })).person).toMatchObject({
      givenName: 'Giulia', emails: [{ address: 'giulia.rossi@brembo.example' }], mergedFrom: [],
    });
    expect(await sql(`SELECT meeting_id, person_id, side FROM meeting_participants WHERE meeting_id IN ($1, $2, $3) ORDER BY meeting_id = $1 DESC, meeting_id = $2 DESC, person_id = $4 DESC`, [both, onlyMerged, later, survivor.id])).toEqual([
      { meeting_id: both, person_id: survivor.id, side: 'HOST' },
      { meeting_id: both, person_id: merged.id, side: 'DELEGATION' },
      { meeting_id: onlyMerged, person_id: merged.id, side: 'HOST' },
      { meeting_id: later, person_id: survivor.id, side: 'HOST' },
    ]);
    expect((await sql(`SELECT person_id FROM lead_contacts WHERE lead_id = $1 ORDER BY person_id = $2`, [leadId, survivor.id])).map((r: any) => r.person_id)).toEqual([merged.id, survivor.id]);
    expect(await sql(`SELECT person_id, promised_by_id FROM tasks WHERE id = $1`, [task])).toEqual([{ person_id: merged.id, promised_by_id: merged.id }]);
    expect((await sql(`SELECT organisation_id, job_title, is_primary FROM affiliations WHERE person_id = $1 ORDER BY job_title`, [merged.id]))).toEqual([
      { organisation_id: amz.id, job_title: 'Beirat', is_primary: true },
      { organisation_id: brembo.id, job_title: 'Purchasing Manager', is_primary: false },
    ]);
    expect(await sql(`SELECT organisation_id, job_title, is_primary FROM affiliations WHERE person_id = $1`, [survivor.id])).toEqual([
      { organisation_id: brembo.id, job_title: null, is_primary: true },
    ]);
    const again = await t.gql(UNMERGE, { id: merge.id }, staff);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mergeId' });
  });

  it('answers BAD_USER_INPUT to an unmerge after 30 days, NOT_FOUND to an unknown merge, and FORBIDDEN to a VIEWER', async () => {
    const a = await person({ givenName: 'Alt', familyName: 'Fall' });
    const b = await person({ givenName: 'Alt', familyName: 'Fall' });
    const { merge } = (await ok(MERGE_PEOPLE, { s: a.id, m: b.id, v: { survivor: a.version, merged: b.version } })).mergePeople;
    await sql(`UPDATE record_merges SET merged_at = now() - interval '30 days 1 minute' WHERE id = $1`, [merge.id]);
    const late = await t.gql(UNMERGE, { id: merge.id }, staff);
    expect(late.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mergeId' });
    const unknown = await t.gql(UNMERGE, { id: '00000000-0000-4000-8000-000000000000' }, staff);
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'mergeId' });
    const viewer = await t.gql(MERGE_PEOPLE, { s: a.id, m: b.id, v: { survivor: 1, merged: 1 } }, await t.userToken('VIEWER'));
    expect(viewer.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('never shows anyone a confidential lead they could not see before the merge of its contact', async () => {
    const team = (await ok(`mutation { createTeam(input: { name: "Invest" }) { id } }`, {}, t.adminToken)).createTeam.id;
    const insider = await t.userToken('STAFF', 'insider@wfs.test');
    const insiderId = (await sql(`SELECT id FROM users WHERE email = 'insider@wfs.test'`))[0].id;
    await ok(`mutation ($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }`, { t: team, u: insiderId }, t.adminToken);
    const contact = await person({ givenName: 'Vera', familyName: 'Traulich' });
    const twin = await person({ givenName: 'Vera', familyName: 'Traulich' });
    const secret = await lead({ title: 'Batteriewerk', contactIds: [contact.id], confidentiality: 'CONFIDENTIAL', teamId: team }, insider);
    const leadsOf = async (id: string, token: string) => (await ok(`query ($id: ID!) { person(id: $id) { id leads { id } } }`, { id }, token)).person;
    expect((await leadsOf(contact.id, staff)).leads).toEqual([]);
    // The staff user outside the team merges the lead's contact into its twin, and still sees nothing of the lead.
    await ok(MERGE_PEOPLE, { s: twin.id, m: contact.id, v: { survivor: twin.version, merged: contact.version } });
    expect(await leadsOf(twin.id, staff)).toEqual({ id: twin.id, leads: [] });
    expect(await leadsOf(contact.id, staff)).toEqual({ id: twin.id, leads: [] });
    const lost = await t.gql(`query ($id: ID!) { lead(id: $id) { id } }`, { id: secret }, staff);
    expect(lost.errors?.[0].extensions.code).toBe('NOT_FOUND');
    // The link moved all the same: the team sees the lead on the survivor.
    expect(await leadsOf(twin.id, insider)).toEqual({ id: twin.id, leads: [{ id: secret }] });
  });

  it('merges organisations: links move, doubles collapse, children and members follow, report totals stay', async () => {
    const pipeline = async () =>
      (await ok(`{ pipelineReport(groupBy: COUNTRY) { totalLeads totalEstimatedValue stages { stage leads estimatedValue } groups { key leads } } }`, {}, t.adminToken)).pipelineReport;
    const network = await organisation({ name: 'Automotive Netzwerk', kind: 'NETWORK' });
    const survivor = await organisation({ name: 'Brembo S.p.A.', country: 'IT', sectors: ['brakes'] });
    const merged = await organisation({ name: 'BREMBO', country: 'IT', city: 'Stezzano', website: 'https://www.brembo.com', sectors: ['automotive', 'brakes'] });
    const child = await organisation({ name: 'Brembo Poland', country: 'PL', parentId: merged.id });
    await ok(`mutation ($m: ID!, $n: ID!) { addOrganisationMembership(input: { memberId: $m, networkId: $n, since: "2020-01-01" }) { id } }`, { m: merged.id, n: network.id });
    await ok(`mutation ($m: ID!, $n: ID!) { addOrganisationMembership(input: { memberId: $m, networkId: $n }) { id } }`, { m: survivor.id, n: network.id });
    const shared = await lead({ title: 'Beide Seiten', estimatedValue: 1000, organisations: [{ organisationId: survivor.id, side: 'PARTNER' }, { organisationId: merged.id, side: 'PARTNER' }] });
    const own = await lead({ title: 'Nur BREMBO', estimatedValue: 500, organisations: [{ organisationId: merged.id, side: 'PARTNER' }] });
    const before = await pipeline();

    const { survivor: result } = (
      await ok(MERGE_ORGANISATIONS, {
        s: survivor.id, m: merged.id, v: { survivor: await version('organisations', survivor.id), merged: await version('organisations', merged.id) },
      })
    ).mergeOrganisations;
    expect(result).toMatchObject({
      name: 'Brembo S.p.A.', website: 'https://www.brembo.com', city: 'Stezzano', sectors: ['brakes', 'automotive'],
      children: [{ id: child.id }], mergedFrom: [merged.id],
    });
    expect(await sql(`SELECT lead_id, organisation_id FROM lead_organisations WHERE lead_id IN ($1, $2) ORDER BY lead_id = $1 DESC`, [shared, own])).toEqual([
      { lead_id: shared, organisation_id: survivor.id },
      { lead_id: own, organisation_id: survivor.id },
    ]);
    // One membership in the network: the one with a start date.
    expect(await sql(`SELECT member_id, since FROM organisation_memberships WHERE network_id = $1`, [network.id])).toEqual([
      { member_id: survivor.id, since: '2020-01-01' },
    ]);
    const after = await pipeline();
    expect({ totalLeads: after.totalLeads, totalEstimatedValue: after.totalEstimatedValue, stages: after.stages }).toEqual({
      totalLeads: before.totalLeads, totalEstimatedValue: before.totalEstimatedValue, stages: before.stages,
    });
    expect(after.groups).toEqual(before.groups);
    // The organisation query with the old id answers the survivor.
    expect((await ok(`query ($id: ID!) { organisation(id: $id) { id } }`, { id: merged.id })).organisation).toEqual({ id: survivor.id });
  });

  it('merges a parent with its child, and refuses a merge that would make an organisation its own ancestor', async () => {
    const top = await organisation({ name: 'Gruppe' });
    const parent = await organisation({ name: 'Holding', parentId: top.id });
    const middle = await organisation({ name: 'Zwischen', parentId: parent.id });
    const leaf = await organisation({ name: 'Tochter', parentId: middle.id });
    const cycle = await t.gql(MERGE_ORGANISATIONS, { s: leaf.id, m: parent.id, v: { survivor: 1, merged: await version('organisations', parent.id) } }, staff);
    expect(cycle.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await sql(`SELECT count(*)::int AS n FROM organisations WHERE id = $1`, [parent.id])).toEqual([{ n: 1 }]);
    const { survivor } = (await ok(MERGE_ORGANISATIONS, {
      s: middle.id, m: parent.id, v: { survivor: await version('organisations', middle.id), merged: await version('organisations', parent.id) },
    })).mergeOrganisations;
    expect(survivor).toMatchObject({ parent: { id: top.id }, children: [{ id: leaf.id }] });
  });

  it('records who merged', async () => {
    const rows = await sql(`SELECT DISTINCT merged_by FROM record_merges`);
    expect(rows).toEqual([{ merged_by: staffId }]);
  });
});
