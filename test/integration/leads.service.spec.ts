import { Role } from '../../src/auth/role.enum';
import { UsersService } from '../../src/auth/users.service';
import { LiaisonException } from '../../src/common/errors/liaison.exception';
import { SortDirection } from '../../src/common/graphql/sort-direction.enum';
import { LeadFilter, LeadOrderField, LeadsArgs } from '../../src/leads/dto/leads.args';
import { UpdateLeadInput } from '../../src/leads/dto/update-lead.args';
import { LeadKind, LeadSide, LeadStage } from '../../src/leads/lead.enums';
import { Lead } from '../../src/leads/lead.model';
import { LeadsService } from '../../src/leads/leads.service';
import {
  insertMeeting,
  insertOrganisation,
  insertPerson,
  insertTrip,
  leadInput,
  leadTableCounts,
} from '../factories/lead.factory';
import { ADMIN_EMAIL, createTestApp, TestApp } from '../utils/test-app';
import { failureWithMessage as failure } from '../utils/failure';
import { calledAs, SYSTEM } from '../utils/viewer';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

function args(overrides: Partial<LeadsArgs> = {}): LeadsArgs {
  return Object.assign(new LeadsArgs(), { first: 25, ...overrides });
}

function filter(values: Partial<LeadFilter>): LeadFilter {
  return { includeArchived: false, ...values };
}


describe('LeadsService (real database)', () => {
  let t: TestApp;
  let service: LeadsService;
  let adminId: string;
  let colleagueId: string;

  const history = (leadId: string) => t.dataSource.transaction((db) => service.stageHistoryIn(db, leadId));
  const counts = () => leadTableCounts(t.dataSource.manager);

  /** Walks a lead along `stages` as the admin, returning the lead after the last move. */
  async function walk(lead: Lead, stages: LeadStage[], reason?: string): Promise<Lead> {
    let current = lead;
    for (const stage of stages) current = await service.moveStage(current.id, current.version, stage, reason, adminId);
    return current;
  }

  beforeAll(async () => {
    t = await createTestApp();
    service = calledAs(SYSTEM, t.app.get(LeadsService));
    [{ id: adminId }] = await t.dataSource.query(`SELECT id FROM users WHERE email = $1`, [ADMIN_EMAIL]);
    const users = calledAs(SYSTEM, t.app.get(UsersService));
    colleagueId = (
      await users.createUser({ email: 'dirk.vogel@amz.test', displayName: 'Dirk Vogel', password: 'long-enough-password', role: Role.STAFF })
    ).id;
  });
  afterAll(() => t.close());

  describe('createLead', () => {
    it('creates a lead with every field, its organisations and contacts, owned by the caller, with the creation in its history', async () => {
      const ds = t.dataSource.manager;
      const brembo = await insertOrganisation(ds, { name: 'Brembo', country: 'IT' });
      const amz = await insertOrganisation(ds, { name: 'AMZ Sachsen', country: 'DE' });
      const rossi = await insertPerson(ds, { givenName: 'Marco', familyName: 'Rossi' });
      const vogel = await insertPerson(ds, { givenName: 'Dirk', familyName: 'Vogel' });
      const trip = await insertTrip(ds, 'Milano 2024');
      const meeting = await insertMeeting(ds, { title: 'Besuch Brembo', tripId: trip });

      const lead = await service.create(
        leadInput({
          title: 'Bremsscheiben für Brembo',
          description: 'Zwei AMZ-Mitglieder liefern',
          kind: LeadKind.SUPPLY,
          topics: ['reshoring of automotive value chains', 'brakes'],
          organisations: [
            { organisationId: brembo, side: LeadSide.PARTNER },
            { organisationId: amz, side: LeadSide.SAXON },
          ],
          contactIds: [rossi, vogel, rossi],
          originMeetingId: meeting,
          estimatedValue: 2500000.5,
          potentialJobs: 40,
          probability: 60,
          nextStep: 'Angebote übergeben',
          nextStepDate: '2024-06-15',
        }),
        adminId,
      );
      expect(lead).toMatchObject({
        title: 'Bremsscheiben für Brembo',
        kind: 'SUPPLY',
        topics: ['reshoring of automotive value chains', 'brakes'],
        stage: 'NEW',
        isOpen: true,
        ownerId: adminId,
        originMeetingId: meeting,
        originTripId: trip, // taken from the meeting
        estimatedValue: 2500000.5,
        potentialJobs: 40,
        probability: 60,
        nextStepDate: '2024-06-15',
        closedReason: null,
        version: 1,
      });
      expect(lead.stageChangedAt).toEqual(lead.createdAt);
      expect(await service.getById(lead.id)).toEqual(lead);

      const orgs = await t.dataSource.query(
        `SELECT organisation_id AS id, side FROM lead_organisations WHERE lead_id = $1 ORDER BY side`,
        [lead.id],
      );
      expect(orgs).toEqual([
        { id: amz, side: 'SAXON' },
        { id: brembo, side: 'PARTNER' },
      ]);
      const contacts = await t.dataSource.query(`SELECT person_id AS id FROM lead_contacts WHERE lead_id = $1`, [lead.id]);
      expect(contacts.map((c: { id: string }) => c.id).sort()).toEqual([rossi, vogel].sort());

      expect(await history(lead.id)).toEqual([
        expect.objectContaining({ fromStage: null, toStage: 'NEW', changedBy: adminId, reason: null, changedAt: lead.createdAt }),
      ]);
    });

    it('lets the caller name another owner, and rejects an unknown one', async () => {
      const lead = await service.create(leadInput({ ownerId: colleagueId }), adminId);
      expect(lead.ownerId).toBe(colleagueId);
      expect((await history(lead.id))[0].changedBy).toBe(adminId);
      expect(await failure(service.create(leadInput({ ownerId: UNKNOWN }), adminId))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.ownerId',
      });
    });

    describe('provenance', () => {
      it('keeps a trip given with a meeting of that trip, and a trip with a meeting outside any trip', async () => {
        const ds = t.dataSource.manager;
        const trip = await insertTrip(ds);
        const ofTrip = await insertMeeting(ds, { tripId: trip });
        const alone = await insertMeeting(ds, { tripId: null });
        expect(await service.create(leadInput({ originTripId: trip, originMeetingId: ofTrip }), adminId)).toMatchObject({
          originTripId: trip,
          originMeetingId: ofTrip,
        });
        expect(await service.create(leadInput({ originTripId: trip, originMeetingId: alone }), adminId)).toMatchObject({
          originTripId: trip,
          originMeetingId: alone,
        });
        expect(await service.create(leadInput({ originMeetingId: alone }), adminId)).toMatchObject({
          originTripId: null,
          originMeetingId: alone,
        });
        expect(await service.create(leadInput({ originTripId: trip }), adminId)).toMatchObject({
          originTripId: trip,
          originMeetingId: null,
        });
      });

      it.each([
        ['a trip that contradicts the meeting', 'contradiction', 'input.originTripId'],
        ['an unknown trip', 'unknownTrip', 'input.originTripId'],
        ['an unknown meeting', 'unknownMeeting', 'input.originMeetingId'],
      ])('rejects %s with BAD_USER_INPUT on its field, writing nothing', async (_label, kind, field) => {
        const ds = t.dataSource.manager;
        const trip = await insertTrip(ds);
        const otherTrip = await insertTrip(ds);
        const meeting = await insertMeeting(ds, { tripId: trip });
        const input = {
          contradiction: { originTripId: otherTrip, originMeetingId: meeting },
          unknownTrip: { originTripId: UNKNOWN },
          unknownMeeting: { originMeetingId: UNKNOWN },
        }[kind]!;
        const before = await counts();
        expect(await failure(service.create(leadInput(input), adminId))).toMatchObject({ code: 'BAD_USER_INPUT', field });
        expect(await counts()).toEqual(before);
      });
    });

    it('names the offending entry of organisations and contactIds, writing nothing', async () => {
      const ds = t.dataSource.manager;
      const org = await insertOrganisation(ds);
      const person = await insertPerson(ds);
      const before = await counts();
      const cases: [Partial<UpdateLeadInput>, string][] = [
        [
          {
            organisations: [
              { organisationId: org, side: LeadSide.SAXON },
              { organisationId: org, side: LeadSide.PARTNER },
            ],
          },
          'input.organisations.1.organisationId',
        ],
        [
          {
            organisations: [
              { organisationId: org, side: LeadSide.SAXON },
              { organisationId: UNKNOWN, side: LeadSide.PARTNER },
            ],
          },
          'input.organisations.1.organisationId',
        ],
        [{ contactIds: [person, person, UNKNOWN] }, 'input.contactIds.2'],
      ];
      for (const [input, field] of cases) {
        expect(await failure(service.create(leadInput(input), adminId))).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
      expect(await counts()).toEqual(before);
    });
  });

  describe('inside another feature\'s transaction (createIn, moveStageIn)', () => {
    it('creates and moves a lead in the caller\'s transaction, keeping the history in order', async () => {
      const meeting = await insertMeeting(t.dataSource.manager);
      const lead = await t.dataSource.transaction(async (db) => {
        const created = await service.createIn(db, leadInput({ originMeetingId: meeting }), colleagueId, 'input.leads.0');
        const contacted = await service.moveStageIn(db, created.id, created.version, LeadStage.CONTACTED, 'Im Termin besprochen', colleagueId);
        return service.moveStageIn(db, contacted.id, contacted.version, LeadStage.QUALIFIED, null, colleagueId);
      });
      expect(lead).toMatchObject({ stage: 'QUALIFIED', version: 3, ownerId: colleagueId });
      const changes = await history(lead.id);
      expect(changes.map((c) => [c.fromStage, c.toStage, c.reason])).toEqual([
        [null, 'NEW', null],
        ['NEW', 'CONTACTED', 'Im Termin besprochen'],
        ['CONTACTED', 'QUALIFIED', null],
      ]);
      // One transaction shares now(): each change still comes strictly after the one before.
      expect(changes[1].changedAt.getTime()).toBeGreaterThan(changes[0].changedAt.getTime());
      expect(changes[2].changedAt.getTime()).toBeGreaterThan(changes[1].changedAt.getTime());
      expect(lead.stageChangedAt).toEqual(changes[2].changedAt);
    });

    it('prefixes error fields, and the caller\'s rollback takes the lead with it', async () => {
      const before = await counts();
      expect(
        await failure(
          t.dataSource.transaction((db) => service.createIn(db, leadInput({ originTripId: UNKNOWN }), adminId, 'input.leads.0')),
        ),
      ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.leads.0.originTripId' });
      expect(
        await failure(t.dataSource.transaction((db) => service.createIn(db, leadInput({ contactIds: [UNKNOWN] }), adminId))),
      ).toMatchObject({ field: 'contactIds.0' });
      await expect(
        t.dataSource.transaction(async (db) => {
          await service.createIn(db, leadInput(), adminId);
          throw new Error('logMeeting failed later');
        }),
      ).rejects.toThrow('logMeeting failed later');
      expect(await counts()).toEqual(before);
    });
  });

  describe('updateLead', () => {
    it('changes fields, replaces organisations and contacts when given and keeps them when omitted', async () => {
      const ds = t.dataSource.manager;
      const [a, b, c] = [await insertOrganisation(ds), await insertOrganisation(ds), await insertOrganisation(ds)];
      const [p, q] = [await insertPerson(ds), await insertPerson(ds)];
      const lead = await service.create(
        leadInput({
          organisations: [
            { organisationId: a, side: LeadSide.SAXON },
            { organisationId: b, side: LeadSide.PARTNER },
          ],
          contactIds: [p],
          probability: 10,
          nextStep: 'Anrufen',
        }),
        adminId,
      );
      const orgsOf = async () =>
        (await t.dataSource.query(`SELECT organisation_id AS id, side FROM lead_organisations WHERE lead_id = $1 ORDER BY side`, [lead.id]));
      const contactsOf = async () =>
        (await t.dataSource.query(`SELECT person_id AS id FROM lead_contacts WHERE lead_id = $1`, [lead.id])).map((r: { id: string }) => r.id);

      const v2 = await service.update(lead.id, 1, { probability: 30, nextStep: null, topics: ['smart city'] });
      expect(v2).toMatchObject({ probability: 30, nextStep: null, topics: ['smart city'], version: 2, title: lead.title });
      expect(await orgsOf()).toHaveLength(2);
      expect(await contactsOf()).toEqual([p]);

      const v3 = await service.update(lead.id, 2, {
        organisations: [{ organisationId: c, side: LeadSide.PARTNER }],
        contactIds: [q],
        ownerId: colleagueId,
      });
      expect(v3).toMatchObject({ version: 3, ownerId: colleagueId, probability: 30 });
      expect(await orgsOf()).toEqual([{ id: c, side: 'PARTNER' }]);
      expect(await contactsOf()).toEqual([q]);

      const v4 = await service.update(lead.id, 3, { organisations: null, contactIds: [], topics: null });
      expect(v4.topics).toEqual([]);
      expect(await orgsOf()).toEqual([]);
      expect(await contactsOf()).toEqual([]);
    });

    it('answers CONFLICT for a stale version and changes nothing', async () => {
      const org = await insertOrganisation(t.dataSource.manager);
      const lead = await service.create(leadInput({ probability: 10 }), adminId);
      await service.update(lead.id, 1, { probability: 20 });
      const before = await counts();
      expect(
        await failure(service.update(lead.id, 1, { probability: 90, organisations: [{ organisationId: org, side: LeadSide.SAXON }] })),
      ).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
      expect(await service.getById(lead.id)).toMatchObject({ probability: 20, version: 2 });
      expect(await counts()).toEqual(before);
    });

    it('rejects clearing title, kind or owner, unknown references, and an unknown lead', async () => {
      const lead = await service.create(leadInput(), adminId);
      for (const field of ['title', 'kind', 'ownerId'] as const) {
        expect(await failure(service.update(lead.id, 1, { [field]: null }))).toMatchObject({
          code: 'BAD_USER_INPUT',
          field: `input.${field}`,
        });
      }
      expect(await failure(service.update(lead.id, 1, { contactIds: [UNKNOWN] }))).toMatchObject({ field: 'input.contactIds.0' });
      expect(await failure(service.update(lead.id, 1, { ownerId: UNKNOWN }))).toMatchObject({ field: 'input.ownerId' });
      expect((await failure(service.update(UNKNOWN, 1, { title: 'x' }))).code).toBe('NOT_FOUND');
      expect((await service.getById(lead.id)).version).toBe(1);
    });

    it('applies the provenance rule to the resulting trip and meeting', async () => {
      const ds = t.dataSource.manager;
      const trip = await insertTrip(ds);
      const otherTrip = await insertTrip(ds);
      const meeting = await insertMeeting(ds, { tripId: trip });
      const lone = await insertMeeting(ds, { tripId: null });
      let lead = await service.create(leadInput({ originTripId: otherTrip }), adminId);
      lead = await service.update(lead.id, lead.version, { originMeetingId: meeting });
      expect(lead).toMatchObject({ originTripId: trip, originMeetingId: meeting });
      expect(await failure(service.update(lead.id, lead.version, { originTripId: otherTrip }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.originTripId',
      });
      lead = await service.update(lead.id, lead.version, { originMeetingId: lone });
      expect(lead).toMatchObject({ originTripId: trip, originMeetingId: lone });
      lead = await service.update(lead.id, lead.version, { originTripId: null, originMeetingId: null });
      expect(lead).toMatchObject({ originTripId: null, originMeetingId: null });
    });

    it('never changes the stage, its date or the closed reason', async () => {
      const lead = await service.create(leadInput(), adminId);
      const sneaky = { stage: LeadStage.WON, stageChangedAt: new Date(0), closedReason: 'x', title: 'Neu' } as UpdateLeadInput;
      const updated = await service.update(lead.id, 1, sneaky);
      expect(updated).toMatchObject({ title: 'Neu', stage: 'NEW', stageChangedAt: lead.stageChangedAt, closedReason: null });
      expect(await history(lead.id)).toHaveLength(1);
    });
  });

  describe('moveLeadStage', () => {
    it('walks NEW to WON, recording who, when, from, to and why, and never rewrites earlier entries', async () => {
      const lead = await service.create(leadInput(), colleagueId);
      const snapshots: unknown[][] = [await history(lead.id)];
      let current = lead;
      for (const [stage, reason] of [
        [LeadStage.CONTACTED, 'Erstkontakt in Mailand'],
        [LeadStage.QUALIFIED, null],
        [LeadStage.NEGOTIATING, 'Angebot angefragt'],
        [LeadStage.WON, 'Vertrag unterschrieben'],
      ] as const) {
        const moved = await service.moveStage(current.id, current.version, stage, reason, adminId);
        expect(moved).toMatchObject({ stage, version: current.version + 1 });
        expect(moved.stageChangedAt.getTime()).toBeGreaterThan(current.stageChangedAt.getTime());
        current = moved;
        const changes = await history(lead.id);
        // Earlier entries stay exactly as they were; one entry is appended.
        expect(changes.slice(0, -1)).toEqual(snapshots[snapshots.length - 1]);
        expect(changes[changes.length - 1]).toMatchObject({ toStage: stage, reason, changedBy: adminId, changedAt: moved.stageChangedAt });
        snapshots.push(changes);
      }
      expect(current).toMatchObject({ stage: 'WON', isOpen: false, closedReason: 'Vertrag unterschrieben' });
      expect((await history(lead.id)).map((c) => `${c.fromStage}->${c.toStage}`)).toEqual([
        'null->NEW',
        'NEW->CONTACTED',
        'CONTACTED->QUALIFIED',
        'QUALIFIED->NEGOTIATING',
        'NEGOTIATING->WON',
      ]);
    });

    it.each([
      [[], LeadStage.WON],
      [[], LeadStage.NEW],
      [[LeadStage.CONTACTED], LeadStage.WON],
      [[LeadStage.NEGOTIATING], LeadStage.CONTACTED],
      [[LeadStage.QUALIFIED, LeadStage.WON], LeadStage.NEGOTIATING],
      [[LeadStage.QUALIFIED, LeadStage.WON], LeadStage.LOST],
      [[LeadStage.LOST], LeadStage.WON],
      [[LeadStage.LOST], LeadStage.ON_HOLD],
    ])('after %j refuses a move to %s with BAD_USER_INPUT on stage, writing nothing', async (path, stage) => {
      const lead = await walk(await service.create(leadInput(), adminId), path, 'Grund');
      const before = await history(lead.id);
      const result = await failure(service.moveStage(lead.id, lead.version, stage, 'Grund', adminId));
      expect(result).toMatchObject({ code: 'BAD_USER_INPUT', field: 'stage' });
      expect(await service.getById(lead.id)).toEqual(lead);
      expect(await history(lead.id)).toEqual(before);
    });

    it('requires a reason for LOST, keeps it as closedReason, and clears it on reopening', async () => {
      const lead = await walk(await service.create(leadInput(), adminId), [LeadStage.CONTACTED]);
      for (const reason of [undefined, null, '   ']) {
        expect(await failure(service.moveStage(lead.id, lead.version, LeadStage.LOST, reason, adminId))).toMatchObject({
          code: 'BAD_USER_INPUT',
          field: 'reason',
        });
      }
      expect(await history(lead.id)).toHaveLength(2);
      const lost = await service.moveStage(lead.id, lead.version, LeadStage.LOST, ' Ausschreibung verloren ', adminId);
      expect(lost).toMatchObject({ stage: 'LOST', isOpen: false, closedReason: 'Ausschreibung verloren' });
      const reopened = await service.moveStage(lost.id, lost.version, LeadStage.QUALIFIED, 'Neue Ausschreibung', adminId);
      expect(reopened).toMatchObject({ stage: 'QUALIFIED', isOpen: true, closedReason: null });
      const parked = await service.moveStage(reopened.id, reopened.version, LeadStage.ON_HOLD, 'Nach der Wahl', adminId);
      expect(parked).toMatchObject({ stage: 'ON_HOLD', isOpen: true, closedReason: 'Nach der Wahl' });
      const dead = await service.moveStage(parked.id, parked.version, LeadStage.LOST, 'Kein Budget', adminId);
      expect(dead.closedReason).toBe('Kein Budget');
      expect((await history(lead.id)).map((c) => c.reason)).toEqual([
        null,
        null,
        'Ausschreibung verloren',
        'Neue Ausschreibung',
        'Nach der Wahl',
        'Kein Budget',
      ]);
    });

    it('answers CONFLICT for a stale version, NOT_FOUND for an unknown lead, and writes nothing', async () => {
      const lead = await walk(await service.create(leadInput(), adminId), [LeadStage.CONTACTED]);
      expect(await failure(service.moveStage(lead.id, 1, LeadStage.QUALIFIED, null, adminId))).toMatchObject({
        code: 'CONFLICT',
        field: 'expectedVersion',
      });
      expect(await failure(service.moveStage(UNKNOWN, 1, LeadStage.QUALIFIED, null, adminId))).toMatchObject({
        code: 'NOT_FOUND',
        field: 'id',
      });
      expect(await service.getById(lead.id)).toEqual(lead);
      expect(await history(lead.id)).toHaveLength(2);
    });

    it('lets exactly 1 of 10 concurrent moves with the same version apply, with one history entry', async () => {
      const lead = await service.create(leadInput(), adminId);
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          service.moveStage(lead.id, 1, i % 2 ? LeadStage.CONTACTED : LeadStage.QUALIFIED, `writer ${i}`, adminId),
        ),
      );
      const applied = results.filter((r) => r.status === 'fulfilled');
      const conflicts = results.filter(
        (r) => r.status === 'rejected' && r.reason instanceof LiaisonException && r.reason.code === 'CONFLICT',
      );
      expect(applied).toHaveLength(1);
      expect(conflicts).toHaveLength(9);
      const changes = await history(lead.id);
      expect(changes).toHaveLength(2);
      expect((await service.getById(lead.id)).stage).toBe(changes[1].toStage);
    });
  });

  describe('archive and restore', () => {
    it('hides archived leads from lists unless asked, and restores them', async () => {
      const lead = await service.create(leadInput({ topics: ['archive-test'] }), adminId);
      const archived = await service.setArchived(lead.id, true);
      expect(archived.archivedAt).toBeInstanceOf(Date);
      expect((await service.list(args({ filter: filter({ topic: 'archive-test' }) }))).edges).toHaveLength(0);
      const shown = await service.list(args({ filter: filter({ topic: 'archive-test', includeArchived: true }) }));
      expect(shown.edges.map((e) => e.node.id)).toEqual([lead.id]);
      expect(await service.getById(lead.id)).toMatchObject({ id: lead.id });
      const restored = await service.setArchived(lead.id, false);
      expect(restored).toMatchObject({ archivedAt: null, version: 3 });
      expect((await service.list(args({ filter: filter({ topic: 'archive-test' }) }))).edges).toHaveLength(1);
    });
  });

  describe('filters, order and keyset pages', () => {
    const TOPIC = 'list-suite';
    let ids: Record<string, string>;
    let trip: string;
    let meeting: string;
    let italian: string;

    const titles = async (values: Partial<LeadFilter>, orderBy?: LeadsArgs['orderBy']) =>
      (await service.list(args({ first: 100, filter: filter({ topic: TOPIC, ...values }), orderBy }))).edges.map((e) => e.node.title);

    beforeAll(async () => {
      const ds = t.dataSource.manager;
      italian = await insertOrganisation(ds, { name: 'Comune di Modena', country: 'IT' });
      const saxon = await insertOrganisation(ds, { name: 'Stadt Zwickau', country: 'DE' });
      trip = await insertTrip(ds);
      meeting = await insertMeeting(ds, { tripId: trip });
      ids = {};
      const saxonSide = { organisationId: saxon, side: LeadSide.SAXON };
      const italianSide = { organisationId: italian, side: LeadSide.PARTNER };
      const specs: [string, Partial<UpdateLeadInput>, LeadStage[]][] = [
        [
          'Ärzte-Austausch',
          { kind: LeadKind.KNOWLEDGE_EXCHANGE, estimatedValue: 1000, nextStepDate: '2024-06-01', organisations: [saxonSide] },
          [],
        ],
        [
          'Batteriewerk',
          {
            kind: LeadKind.INVESTMENT,
            estimatedValue: 50000000,
            nextStepDate: '2024-07-01',
            originMeetingId: meeting,
            organisations: [italianSide, saxonSide],
          },
          [LeadStage.QUALIFIED],
        ],
        [
          'Citta intelligente',
          { kind: LeadKind.MUNICIPAL, topics: [TOPIC, 'smart city'], ownerId: colleagueId, organisations: [italianSide] },
          [LeadStage.CONTACTED, LeadStage.LOST],
        ],
        ['Dieselpartikel', { kind: LeadKind.EXPORT, estimatedValue: 250000, originTripId: trip }, [LeadStage.QUALIFIED, LeadStage.WON]],
        ['Elektromotoren', { kind: LeadKind.SUPPLY, estimatedValue: 250000, nextStepDate: '2024-06-01' }, [LeadStage.ON_HOLD]],
      ];
      for (const [title, input, path] of specs) {
        const created = await service.create(leadInput({ topics: [TOPIC], ...input, title }), adminId);
        ids[title] = (await walk(created, path, 'Grund')).id;
      }
    });

    it.each<[string, Partial<LeadFilter>, string[]]>([
      ['stages', { stages: [LeadStage.NEW, LeadStage.ON_HOLD] }, ['Ärzte-Austausch', 'Elektromotoren']],
      ['owner', { ownerId: 'colleague' }, ['Citta intelligente']],
      ['kinds', { kinds: [LeadKind.EXPORT, LeadKind.SUPPLY] }, ['Dieselpartikel', 'Elektromotoren']],
      ['organisation', { organisationId: 'italian' }, ['Batteriewerk', 'Citta intelligente']],
      ['country of any organisation', { country: 'IT' }, ['Batteriewerk', 'Citta intelligente']],
      ['country DE', { country: 'DE' }, ['Ärzte-Austausch', 'Batteriewerk']],
      ['origin trip (given or from the meeting)', { tripId: 'trip' }, ['Batteriewerk', 'Dieselpartikel']],
      ['origin meeting', { meetingId: 'meeting' }, ['Batteriewerk']],
      ['next step strictly before a date', { nextStepBefore: '2024-07-01' }, ['Ärzte-Austausch', 'Elektromotoren']],
      ['minimum value', { minValue: 250000 }, ['Batteriewerk', 'Dieselpartikel', 'Elektromotoren']],
      ['value range', { minValue: 1000, maxValue: 250000 }, ['Ärzte-Austausch', 'Dieselpartikel', 'Elektromotoren']],
      ['open leads', { open: true }, ['Ärzte-Austausch', 'Batteriewerk', 'Elektromotoren']],
      ['closed leads', { open: false }, ['Citta intelligente', 'Dieselpartikel']],
      ['another topic, case-insensitively', { topic: ' Smart City ' }, ['Citta intelligente']],
      ['several at once', { open: true, country: 'IT', minValue: 1 }, ['Batteriewerk']],
    ])('filters by %s', async (_label, values, expected) => {
      const resolved = { ...values };
      const refs: Record<string, string> = { colleague: colleagueId, italian, trip, meeting };
      for (const key of ['ownerId', 'organisationId', 'tripId', 'meetingId'] as const) {
        if (resolved[key]) resolved[key] = refs[resolved[key]!];
      }
      const found = await titles(resolved, { field: LeadOrderField.TITLE });
      expect(found).toEqual(expected);
      const page = await service.list(args({ filter: filter({ topic: TOPIC, ...resolved }) }));
      expect(await page.totalCount).toBe(expected.length);
    });

    it('orders by title (accents folded), next step date and value, with missing values last', async () => {
      expect(await titles({}, { field: LeadOrderField.TITLE })).toEqual([
        'Ärzte-Austausch',
        'Batteriewerk',
        'Citta intelligente',
        'Dieselpartikel',
        'Elektromotoren',
      ]);
      const byDate = await titles({}, { field: LeadOrderField.NEXT_STEP_DATE });
      expect(new Set(byDate.slice(0, 2))).toEqual(new Set(['Ärzte-Austausch', 'Elektromotoren']));
      expect(byDate[2]).toBe('Batteriewerk');
      expect(new Set(byDate.slice(3))).toEqual(new Set(['Citta intelligente', 'Dieselpartikel']));
      const byValueDesc = await titles({}, { field: LeadOrderField.ESTIMATED_VALUE, direction: SortDirection.DESC });
      expect(byValueDesc[0]).toBe('Batteriewerk');
      expect(new Set(byValueDesc.slice(1, 3))).toEqual(new Set(['Dieselpartikel', 'Elektromotoren']));
      expect(byValueDesc.slice(3)).toEqual(['Ärzte-Austausch', 'Citta intelligente']);
    });

    it('lists the most recently updated first by default', async () => {
      const lead = await service.getById(ids['Ärzte-Austausch']);
      await service.update(lead.id, lead.version, { probability: 5 });
      expect((await titles({}))[0]).toBe('Ärzte-Austausch');
    });

    it('walks every page exactly once in every order and direction', async () => {
      const total = await (await service.list(args({ filter: filter({ includeArchived: true }) }))).totalCount;
      expect(total).toBeGreaterThan(10);
      for (const field of Object.values(LeadOrderField)) {
        for (const direction of [SortDirection.ASC, SortDirection.DESC]) {
          const seen: string[] = [];
          let after: string | undefined;
          for (;;) {
            const page = await service.list(args({ first: 4, after, filter: filter({ includeArchived: true }), orderBy: { field, direction } }));
            seen.push(...page.edges.map((e) => e.node.id));
            if (!page.pageInfo.hasNextPage) break;
            after = page.pageInfo.endCursor!;
          }
          expect(seen).toHaveLength(total);
          expect(new Set(seen).size).toBe(total);
        }
      }
    });

    it('rejects a malformed cursor as BAD_USER_INPUT on after', async () => {
      expect(await failure(service.list(args({ after: 'not-a-cursor' })))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    });
  });
});
