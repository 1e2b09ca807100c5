import { LiaisonException } from '../../src/common/errors/liaison.exception';
import { SortDirection } from '../../src/common/graphql/sort-direction.enum';
import { OrganisationOrderField, OrganisationsArgs } from '../../src/organisations/dto/organisations.args';
import { OrganisationKind } from '../../src/organisations/organisation-kind.enum';
import { OrganisationsService } from '../../src/organisations/organisations.service';
import { organisationInput } from '../factories/organisation.factory';
import { createTestApp, TestApp } from '../utils/test-app';
import { failureOf as codeOf } from '../utils/failure';
import { calledAs, SYSTEM } from '../utils/viewer';

function args(overrides: Partial<OrganisationsArgs> = {}): OrganisationsArgs {
  return Object.assign(new OrganisationsArgs(), { first: 25, ...overrides });
}


describe('OrganisationsService (real database)', () => {
  let t: TestApp;
  let service: OrganisationsService;

  beforeAll(async () => {
    t = await createTestApp();
    service = calledAs(SYSTEM, t.app.get(OrganisationsService));
  });
  afterAll(() => t.close());

  it('creates an organisation with every field and reads it back', async () => {
    const created = await service.create(
      organisationInput({
        name: 'Brembo',
        legalName: 'Brembo N.V.',
        kind: OrganisationKind.COMPANY,
        country: 'IT',
        region: 'Lombardia',
        nutsCode: 'ITC4',
        city: 'Curno',
        website: 'https://www.brembo.com',
        sectors: ['automotive', 'brakes'],
        description: 'Bremsanlagenspezialist',
      }),
    );
    expect(created).toMatchObject({
      name: 'Brembo',
      legalName: 'Brembo N.V.',
      country: 'IT',
      nutsCode: 'ITC4',
      sectors: ['automotive', 'brakes'],
      version: 1,
      archivedAt: null,
    });
    expect(await service.getById(created.id)).toEqual(created);
  });

  describe('optimistic concurrency', () => {
    it('applies an update with the current version and bumps it', async () => {
      const org = await service.create(organisationInput());
      const updated = await service.update(org.id, 1, { city: 'Chemnitz' });
      expect(updated).toMatchObject({ city: 'Chemnitz', version: 2 });
    });

    it('answers CONFLICT for a stale version and changes nothing', async () => {
      const org = await service.create(organisationInput({ city: 'Zwickau' }));
      await service.update(org.id, 1, { city: 'Chemnitz' });
      expect(await codeOf(service.update(org.id, 1, { city: 'Leipzig' }))).toEqual({
        code: 'CONFLICT',
        field: 'expectedVersion',
      });
      expect(await service.getById(org.id)).toMatchObject({ city: 'Chemnitz', version: 2 });
    });

    it('lets exactly 1 of 50 concurrent updates with the same version apply', async () => {
      const org = await service.create(organisationInput({ description: 'initial' }));
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) => service.update(org.id, 1, { description: `writer ${i}` })),
      );
      const applied = results.filter((r) => r.status === 'fulfilled');
      const conflicts = results.filter(
        (r) => r.status === 'rejected' && r.reason instanceof LiaisonException && r.reason.code === 'CONFLICT',
      );
      expect(applied).toHaveLength(1);
      expect(conflicts).toHaveLength(49);
      const winner = (applied[0] as PromiseFulfilledResult<{ description: string }>).value;
      const final = await service.getById(org.id);
      expect(final.version).toBe(2);
      expect(final.description).toBe(winner.description);
    });

    it('answers NOT_FOUND for an unknown id', async () => {
      expect((await codeOf(service.update('00000000-0000-4000-8000-000000000000', 1, { city: 'x' }))).code).toBe(
        'NOT_FOUND',
      );
    });
  });

  describe('hierarchy', () => {
    it('links Siemens Italia under Siemens AG', async () => {
      const siemens = await service.create(organisationInput({ name: 'Siemens AG' }));
      const italia = await service.create(organisationInput({ name: 'Siemens Italia', parentId: siemens.id }));
      expect(italia.parentId).toBe(siemens.id);
      expect((await service.findChildrenOf([siemens.id])).map((o) => o.name)).toEqual(['Siemens Italia']);
    });

    it('rejects a parent that would create a cycle, and the organisation as its own parent', async () => {
      const a = await service.create(organisationInput({ name: 'A' }));
      const b = await service.create(organisationInput({ name: 'B', parentId: a.id }));
      const c = await service.create(organisationInput({ name: 'C', parentId: b.id }));
      expect(await codeOf(service.update(a.id, a.version, { parentId: c.id }))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'input.parentId',
      });
      expect(await codeOf(service.update(a.id, a.version, { parentId: a.id }))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'input.parentId',
      });
      expect((await service.getById(a.id)).parentId).toBeNull();
    });

    it('rejects an unknown parent and writes nothing', async () => {
      const before = await service.list(args({ filter: { includeArchived: true } }));
      const count = await before.totalCount;
      expect(
        await codeOf(service.create(organisationInput({ parentId: '00000000-0000-4000-8000-000000000000' }))),
      ).toEqual({ code: 'BAD_USER_INPUT', field: 'input.parentId' });
      expect(await (await service.list(args({ filter: { includeArchived: true } }))).totalCount).toBe(count);
    });
  });

  describe('archive and restore', () => {
    it('hides archived organisations from lists unless asked, and restores them', async () => {
      const org = await service.create(organisationInput({ name: 'Archivierbar GmbH' }));
      const archived = await service.setArchived(org.id, true);
      expect(archived.archivedAt).toBeInstanceOf(Date);
      const hidden = await service.list(args({ filter: { nameContains: 'archivierbar', includeArchived: false } }));
      expect(hidden.edges).toHaveLength(0);
      const shown = await service.list(args({ filter: { nameContains: 'archivierbar', includeArchived: true } }));
      expect(shown.edges.map((e) => e.node.id)).toEqual([org.id]);
      const restored = await service.setArchived(org.id, false);
      expect(restored.archivedAt).toBeNull();
      expect(restored.version).toBe(3);
    });
  });

  describe('search, order and keyset pages', () => {
    let ids: Record<string, string>;

    beforeAll(async () => {
      ids = {};
      for (const [name, kind, country, sectors] of [
        ['Stadtverwaltung Zwickau (Queck-Hänel)', OrganisationKind.PUBLIC_AUTHORITY, 'DE', ['smart city']],
        ['Città di Modena', OrganisationKind.PUBLIC_AUTHORITY, 'IT', ['smart city']],
        ['Ärztenetz Ölsnitz', OrganisationKind.ASSOCIATION, 'DE', ['health']],
        ['D\'Amico Componenti', OrganisationKind.COMPANY, 'IT', ['automotive']],
        ['Zeta Automobili', OrganisationKind.COMPANY, 'IT', ['automotive']],
      ] as const) {
        ids[name] = (await service.create(organisationInput({ name, kind, country, sectors: [...sectors] }))).id;
      }
    });

    it('finds names case- and accent-insensitively', async () => {
      const names = async (nameContains: string) =>
        (await service.list(args({ filter: { nameContains, includeArchived: false } }))).edges.map((e) => e.node.name);
      expect(await names('Hanel')).toEqual(['Stadtverwaltung Zwickau (Queck-Hänel)']);
      expect(await names('citta')).toEqual(['Città di Modena']);
      expect(await names('CITTÀ')).toEqual(['Città di Modena']);
      expect(await names('ärzte')).toEqual(['Ärztenetz Ölsnitz']);
      expect(await names("d'amico")).toEqual(["D'Amico Componenti"]);
      expect(await names('100%')).toEqual([]);
    });

    it('filters by kind, country and sector together', async () => {
      const page = await service.list(
        args({ filter: { kinds: [OrganisationKind.PUBLIC_AUTHORITY], country: 'IT', sector: 'Smart City', includeArchived: false } }),
      );
      expect(page.edges.map((e) => e.node.id)).toEqual([ids['Città di Modena']]);
      expect(await page.totalCount).toBe(1);
    });

    it('sorts umlauts and accents with their base letters', async () => {
      const page = await service.list(args({ first: 100, filter: { sector: 'automotive', includeArchived: false } }));
      const mine = page.edges.map((e) => e.node.name).filter((n) => ["D'Amico Componenti", 'Zeta Automobili'].includes(n));
      expect(mine).toEqual(["D'Amico Componenti", 'Zeta Automobili']);
      const all = await service.list(args({ first: 100, filter: { includeArchived: false } }));
      const names = all.edges.map((e) => e.node.name);
      // "Ärztenetz" sorts as "arztenetz": before "Brembo", not after "Zeta".
      expect(names.indexOf('Ärztenetz Ölsnitz')).toBeLessThan(names.indexOf('Brembo'));
      expect(names.indexOf('Città di Modena')).toBeLessThan(names.indexOf("D'Amico Componenti"));
    });

    it('walks every page exactly once in both orders and directions', async () => {
      const total = await (await service.list(args())).totalCount;
      for (const field of [OrganisationOrderField.NAME, OrganisationOrderField.UPDATED_AT]) {
        for (const direction of [SortDirection.ASC, SortDirection.DESC]) {
          const seen: string[] = [];
          let after: string | undefined;
          for (;;) {
            const page = await service.list(args({ first: 3, after, orderBy: { field, direction } }));
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
      expect(await codeOf(service.list(args({ after: 'not-a-cursor' })))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'after',
      });
    });
  });
});
