import { LeadSide, LeadStage } from '../../src/leads/lead.enums';
import { Lead } from '../../src/leads/lead.model';
import { LeadsService } from '../../src/leads/leads.service';
import { PartnershipsArgs } from '../../src/partnerships/dto/partnerships.args';
import { PartnershipKind, PartnershipStatus } from '../../src/partnerships/partnership.enums';
import { CONVERSION_REASON, PartnershipsService } from '../../src/partnerships/partnerships.service';
import {
  convertInput,
  insertOrganisation,
  leadInput,
  leadTableCounts,
  partnershipInput,
} from '../factories/lead.factory';
import { ADMIN_EMAIL, createTestApp, TestApp } from '../utils/test-app';
import { asViewer, Viewer } from '../../src/access/access-policy';
import { Confidentiality } from '../../src/access/confidentiality.enum';
import { Role } from '../../src/auth/role.enum';
import { failureDetails, failureWithMessage as failure } from '../utils/failure';
import { calledAs, SYSTEM } from '../utils/viewer';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';


describe('PartnershipsService (real database)', () => {
  let t: TestApp;
  let service: PartnershipsService;
  let leads: LeadsService;
  let adminId: string;
  let brembo: string;
  let amz: string;

  const counts = () => leadTableCounts(t.dataSource.manager);
  const history = (leadId: string) => t.dataSource.transaction((db) => leads.stageHistoryIn(db, leadId));
  const partyIdsOf = async (partnershipId: string) =>
    (
      await t.dataSource.query(`SELECT organisation_id AS id FROM partnership_parties WHERE partnership_id = $1`, [partnershipId])
    )
      .map((row: { id: string }) => row.id)
      .sort();

  /** A lead with Brembo and AMZ, moved along `path`. */
  async function leadAt(path: LeadStage[], values: Parameters<typeof leadInput>[0] = {}): Promise<Lead> {
    let lead = await leads.create(
      leadInput({
        organisations: [
          { organisationId: brembo, side: LeadSide.PARTNER },
          { organisationId: amz, side: LeadSide.SAXON },
        ],
        estimatedValue: 2500000,
        ...values,
      }),
      adminId,
    );
    for (const stage of path) lead = await leads.moveStage(lead.id, lead.version, stage, 'Grund', adminId);
    return lead;
  }

  beforeAll(async () => {
    t = await createTestApp();
    service = calledAs(SYSTEM, t.app.get(PartnershipsService));
    leads = calledAs(SYSTEM, t.app.get(LeadsService));
    [{ id: adminId }] = await t.dataSource.query(`SELECT id FROM users WHERE email = $1`, [ADMIN_EMAIL]);
    brembo = await insertOrganisation(t.dataSource.manager, { name: 'Brembo', country: 'IT' });
    amz = await insertOrganisation(t.dataSource.manager, { name: 'AMZ Sachsen', country: 'DE' });
  });
  afterAll(() => t.close());

  describe('convertLeadToPartnership', () => {
    it('moves the lead to WON, records the move and creates the partnership with the lead\'s defaults', async () => {
      const lead = await leadAt([LeadStage.QUALIFIED, LeadStage.NEGOTIATING], { title: 'Bremsscheiben für Brembo' });
      const partnership = await service.convertLead(lead.id, lead.version, convertInput({ signedOn: '2024-09-20' }), adminId);
      expect(partnership).toMatchObject({
        leadId: lead.id,
        title: 'Bremsscheiben für Brembo',
        kind: 'SUPPLY_CONTRACT',
        signedOn: '2024-09-20',
        valueEur: 2500000,
        status: 'ACTIVE',
        endedOn: null,
        version: 1,
      });
      expect(await partyIdsOf(partnership.id)).toEqual([brembo, amz].sort());
      const won = await leads.getById(lead.id);
      expect(won).toMatchObject({ stage: 'WON', isOpen: false, version: lead.version + 1, closedReason: CONVERSION_REASON });
      const changes = await history(lead.id);
      expect(changes[changes.length - 1]).toMatchObject({
        fromStage: 'NEGOTIATING',
        toStage: 'WON',
        changedBy: adminId,
        reason: CONVERSION_REASON,
      });
      expect(changes).toHaveLength(4);
    });

    it('takes title, parties, value and description from the input when given', async () => {
      const lead = await leadAt([LeadStage.QUALIFIED]);
      const partnership = await service.convertLead(
        lead.id,
        lead.version,
        convertInput({ title: 'MoU', kind: PartnershipKind.MOU, partyIds: [amz], valueEur: null, description: 'Absichtserklärung' }),
        adminId,
      );
      expect(partnership).toMatchObject({ title: 'MoU', kind: 'MOU', valueEur: null, description: 'Absichtserklärung' });
      expect(await partyIdsOf(partnership.id)).toEqual([amz]);
    });

    it('converts a lead at most once: CONFLICT on leadId the second time, nothing written', async () => {
      const lead = await leadAt([LeadStage.QUALIFIED]);
      const first = await service.convertLead(lead.id, lead.version, convertInput(), adminId);
      const won = await leads.getById(lead.id);
      const before = await counts();
      expect(await failure(service.convertLead(lead.id, won.version, convertInput(), adminId))).toMatchObject({
        code: 'CONFLICT',
        field: 'leadId',
      });
      expect(await counts()).toEqual(before);
      expect(await service.getById(first.id)).toEqual(first);
    });

    it.each([
      ['NEW', []],
      ['CONTACTED', [LeadStage.CONTACTED]],
      ['LOST', [LeadStage.CONTACTED, LeadStage.LOST]],
      ['ON_HOLD', [LeadStage.ON_HOLD]],
    ])('refuses a lead in %s (BAD_USER_INPUT on leadId) and writes nothing', async (_stage, path) => {
      const lead = await leadAt(path as LeadStage[]);
      const before = await counts();
      const changes = await history(lead.id);
      expect(await failure(service.convertLead(lead.id, lead.version, convertInput(), adminId))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'leadId',
      });
      expect(await counts()).toEqual(before);
      expect(await leads.getById(lead.id)).toEqual(lead);
      expect(await history(lead.id)).toEqual(changes);
    });

    it('rolls the move to WON back when the partnership cannot be created: one transaction', async () => {
      const lead = await leadAt([LeadStage.NEGOTIATING]);
      const bare = await leads.create(leadInput(), adminId);
      const qualifiedBare = await leads.moveStage(bare.id, bare.version, LeadStage.QUALIFIED, null, adminId);
      const before = await counts();
      expect(
        await failure(service.convertLead(lead.id, lead.version, convertInput({ partyIds: [amz, UNKNOWN] }), adminId)),
      ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.partyIds.1' });
      expect(
        await failure(service.convertLead(qualifiedBare.id, qualifiedBare.version, convertInput(), adminId)),
      ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.partyIds' });
      expect(await counts()).toEqual(before);
      expect(await leads.getById(lead.id)).toMatchObject({ stage: 'NEGOTIATING', version: lead.version });
      expect(await leads.getById(bare.id)).toMatchObject({ stage: 'QUALIFIED', version: qualifiedBare.version });
    });

    it('answers CONFLICT for a stale lead version and NOT_FOUND for an unknown lead', async () => {
      const lead = await leadAt([LeadStage.QUALIFIED]);
      const before = await counts();
      expect(await failure(service.convertLead(lead.id, lead.version - 1, convertInput(), adminId))).toMatchObject({
        code: 'CONFLICT',
        field: 'expectedVersion',
      });
      expect(await failure(service.convertLead(UNKNOWN, 1, convertInput(), adminId))).toMatchObject({
        code: 'NOT_FOUND',
        field: 'leadId',
      });
      expect(await counts()).toEqual(before);
    });

    it('answers a hidden lead that was already converted exactly like an unknown id: no CONFLICT, no partnership id', async () => {
      const system: Viewer = { kind: 'SYSTEM' };
      const token = await t.userToken('STAFF', 'convert-outsider@wfs.test');
      expect(token).toBeTruthy();
      const [{ id: outsiderId }] = await t.dataSource.query(`SELECT id FROM users WHERE email = 'convert-outsider@wfs.test'`);
      const outsider: Viewer = { kind: 'USER', userId: outsiderId, role: Role.STAFF };
      const hidden = await asViewer(system, () => leadAt([LeadStage.QUALIFIED], { confidentiality: Confidentiality.CONFIDENTIAL }));
      const partnership = await asViewer(system, () => service.convertLead(hidden.id, hidden.version, convertInput(), adminId));
      const won = await asViewer(system, () => leads.getById(hidden.id));
      const archived = await asViewer(system, () => leadAt([LeadStage.QUALIFIED], { confidentiality: Confidentiality.CONFIDENTIAL }));
      await asViewer(system, () => service.convertLead(archived.id, archived.version, convertInput(), adminId));
      const archivedWon = await asViewer(system, () => leads.setArchived(archived.id, true));
      const before = await counts();
      // The service itself, not the SYSTEM-wrapped one the other tests use: these calls read as the outsider.
      const asCalled = t.app.get(PartnershipsService);
      const unknown = await asViewer(outsider, () => failureDetails(asCalled.convertLead(UNKNOWN, won.version, convertInput(), outsiderId)));
      expect(unknown).toEqual({ code: 'NOT_FOUND', field: 'leadId' });
      for (const lead of [won, archivedWon]) {
        const answer = await asViewer(outsider, () => failure(asCalled.convertLead(lead.id, lead.version, convertInput(), outsiderId)));
        const details = await asViewer(outsider, () => failureDetails(asCalled.convertLead(lead.id, lead.version, convertInput(), outsiderId)));
        expect({ ...answer, message: answer.message.replace(lead.id, 'ID') }).toEqual({
          code: 'NOT_FOUND',
          field: 'leadId',
          message: `Lead ID not found`,
        });
        expect(details).toEqual(unknown);
      }
      expect(await counts()).toEqual(before);
      // The insider still learns that the lead converted, and to which partnership.
      expect(await asViewer(system, () => failureDetails(service.convertLead(won.id, won.version, convertInput(), adminId)))).toEqual({
        code: 'CONFLICT',
        field: 'leadId',
        partnershipId: partnership.id,
      });
    });

    it('lets exactly 1 of 5 concurrent conversions of a lead succeed', async () => {
      const lead = await leadAt([LeadStage.QUALIFIED]);
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, () => service.convertLead(lead.id, lead.version, convertInput(), adminId)),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
      expect(refused).toHaveLength(4);
      for (const reason of refused) expect(reason).toMatchObject({ code: 'CONFLICT' });
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM partnerships WHERE lead_id = $1`, [lead.id]);
      expect(n).toBe(1);
      expect((await history(lead.id)).filter((c) => c.toStage === 'WON')).toHaveLength(1);
    });
  });

  describe('partnerships without a lead', () => {
    it('creates, updates with CONFLICT on a stale version, and replaces the parties', async () => {
      const p = await service.create(partnershipInput([brembo, amz, brembo], { signedOn: '2024-01-10', valueEur: 1000.25 }));
      expect(p).toMatchObject({ leadId: null, status: 'ACTIVE', signedOn: '2024-01-10', valueEur: 1000.25, version: 1 });
      expect(await partyIdsOf(p.id)).toEqual([brembo, amz].sort());

      const v2 = await service.update(p.id, 1, { title: 'Neuer Titel', partyIds: [amz], description: 'x' });
      expect(v2).toMatchObject({ title: 'Neuer Titel', description: 'x', version: 2, signedOn: '2024-01-10' });
      expect(await partyIdsOf(p.id)).toEqual([amz]);

      expect(await failure(service.update(p.id, 1, { title: 'Verloren', partyIds: [brembo] }))).toMatchObject({
        code: 'CONFLICT',
        field: 'expectedVersion',
      });
      expect(await service.getById(p.id)).toMatchObject({ title: 'Neuer Titel', version: 2 });
      expect(await partyIdsOf(p.id)).toEqual([amz]);

      const v3 = await service.update(p.id, 2, { description: null, valueEur: null });
      expect(v3).toMatchObject({ description: null, valueEur: null, version: 3 });
      expect(await partyIdsOf(p.id)).toEqual([amz]);
    });

    it('rejects unknown parties and clearing required fields, writing nothing', async () => {
      const before = await counts();
      expect(await failure(service.create(partnershipInput([amz, UNKNOWN])))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.partyIds.1',
      });
      expect(await counts()).toEqual(before);
      const p = await service.create(partnershipInput([amz]));
      for (const field of ['title', 'kind', 'partyIds'] as const) {
        expect(await failure(service.update(p.id, 1, { [field]: null }))).toMatchObject({ code: 'BAD_USER_INPUT', field: `input.${field}` });
      }
      expect(await failure(service.update(p.id, 1, { partyIds: [UNKNOWN] }))).toMatchObject({ field: 'input.partyIds.0' });
      expect((await service.getById(p.id)).version).toBe(1);
    });

    it('ends a partnership once, not before it was signed', async () => {
      const p = await service.create(partnershipInput([amz], { signedOn: '2024-03-01' }));
      expect(await failure(service.end(p.id, 1, '2024-02-28'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'endedOn' });
      expect(await failure(service.end(p.id, 2, '2024-12-31'))).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
      const ended = await service.end(p.id, 1, '2024-12-31');
      expect(ended).toMatchObject({ status: 'ENDED', endedOn: '2024-12-31', version: 2 });
      expect(await failure(service.end(p.id, 2, '2025-01-31'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
      expect(await failure(service.update(p.id, 2, { signedOn: '2025-01-01' }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.signedOn',
      });
      expect(await service.getById(p.id)).toEqual(ended);
    });
  });

  describe('list', () => {
    const args = (filter: Partial<PartnershipsArgs['filter']> = {}, first = 100, after?: string) =>
      Object.assign(new PartnershipsArgs(), { first, after, filter: { includeArchived: false, ...filter } });

    it('filters by status, kind and organisation, hides archived ones, newest signature first and unsigned last', async () => {
      const comune = await insertOrganisation(t.dataSource.manager, { name: 'Comune di Modena', country: 'IT' });
      const older = await service.create(partnershipInput([comune], { kind: PartnershipKind.JOINT_PROJECT, signedOn: '2023-05-01' }));
      const newer = await service.create(partnershipInput([comune, amz], { kind: PartnershipKind.MOU, signedOn: '2024-05-01' }));
      const unsigned = await service.create(partnershipInput([comune], { kind: PartnershipKind.MOU }));
      const ended = await service.create(partnershipInput([comune], { kind: PartnershipKind.MOU, signedOn: '2022-01-01' }));
      await service.end(ended.id, 1, '2023-01-01');

      const ids = async (filter: Partial<PartnershipsArgs['filter']>) =>
        (await service.list(args({ organisationId: comune, ...filter }))).edges.map((e) => e.node.id);
      expect(await ids({})).toEqual([newer.id, older.id, ended.id, unsigned.id]);
      expect(await ids({ status: PartnershipStatus.ACTIVE })).toEqual([newer.id, older.id, unsigned.id]);
      expect(await ids({ status: PartnershipStatus.ENDED })).toEqual([ended.id]);
      expect(await ids({ kind: PartnershipKind.MOU })).toEqual([newer.id, ended.id, unsigned.id]);

      await service.setArchived(older.id, true);
      expect(await ids({})).toEqual([newer.id, ended.id, unsigned.id]);
      expect(await ids({ includeArchived: true })).toEqual([newer.id, older.id, ended.id, unsigned.id]);
      expect(await (await service.list(args({ organisationId: comune }))).totalCount).toBe(3);
      const restored = await service.setArchived(older.id, false);
      expect(restored).toMatchObject({ archivedAt: null, version: 3 });
    });

    it('walks every page exactly once', async () => {
      const total = await (await service.list(args({ includeArchived: true }))).totalCount;
      expect(total).toBeGreaterThan(5);
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await service.list(args({ includeArchived: true }, 3, after));
        seen.push(...page.edges.map((e) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor!;
      }
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
    });
  });
});
