import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Role } from '../auth/role.enum';
import { groupByKeys, LoaderRegistry } from '../common/dataloader/loader-registry';
import { LiaisonException } from '../common/errors/liaison.exception';
import { ADVISORY_LOCKS } from '../database/sql';
import { Db } from '../database/table';
import { DuplicateType } from '../duplicates/duplicate.enums';
import { Organisation } from '../organisations/organisation.model';
import { organisationsTable } from '../organisations/organisations.repository';
import { peopleTable } from '../people/people.repository';
import { Person } from '../people/person.model';
import { MergeOrganisationsArgs, MergePeopleArgs, OrganisationMergeField, PersonMergeField } from './dto/merge.args';
import { changedColumns, LinkChange, LinkSpec, ORGANISATION_LINKS, PERSON_LINKS, Row, specOf } from './merge-links';
import { MergedTable, MergeRow, MergesRepository, UNMERGE_DAYS } from './merges.repository';
import { OrganisationMergePayload, PersonMergePayload, RecordMerge } from './merge.model';

type Caller = { id: string; role: Role };

const PERSON_COLUMNS: Record<PersonMergeField, string> = {
  [PersonMergeField.TITLE]: 'title',
  [PersonMergeField.GIVEN_NAME]: 'given_name',
  [PersonMergeField.FAMILY_NAME]: 'family_name',
  [PersonMergeField.PREFERRED_LANGUAGE]: 'preferred_language',
  [PersonMergeField.BACKGROUND]: 'background',
};

const ORGANISATION_COLUMNS: Record<OrganisationMergeField, string> = {
  [OrganisationMergeField.NAME]: 'name',
  [OrganisationMergeField.LEGAL_NAME]: 'legal_name',
  [OrganisationMergeField.KIND]: 'kind',
  [OrganisationMergeField.COUNTRY]: 'country',
  [OrganisationMergeField.REGION]: 'region',
  [OrganisationMergeField.NUTS_CODE]: 'nuts_code',
  [OrganisationMergeField.CITY]: 'city',
  [OrganisationMergeField.WEBSITE]: 'website',
  [OrganisationMergeField.PARENT]: 'parent_id',
  [OrganisationMergeField.DESCRIPTION]: 'description',
};

/** Bookkeeping columns an unmerge leaves to move on. */
const BOOKKEEPING = ['version', 'updated_at'];

interface Kind {
  type: DuplicateType;
  table: MergedTable;
  recordType: string;
  links: readonly LinkSpec[];
}

const PERSON: Kind = { type: DuplicateType.PERSON, table: 'people', recordType: 'Person', links: PERSON_LINKS };
const ORGANISATION: Kind = { type: DuplicateType.ORGANISATION, table: 'organisations', recordType: 'Organisation', links: ORGANISATION_LINKS };

const isEmpty = (value: unknown) => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** Entries of both lists, the survivor's first; an entry the survivor has (by `key`) is not repeated, and its primary stays the one. */
function unite(survivor: unknown, merged: unknown, key: string): Row[] {
  const kept = (survivor ?? []) as Row[];
  const seen = new Set(kept.map((entry) => entry[key]));
  const added = ((merged ?? []) as Row[]).filter((entry) => !seen.has(entry[key]));
  return kept.length === 0 ? added : [...kept, ...added.map((entry) => ({ ...entry, primary: false }))];
}

/** The survivor's value, or the merged one's where chosen (and not empty) or where the survivor's is empty. */
function chooseColumns(survivor: Row, merged: Row, columns: Record<string, string>, choices: readonly string[] | null | undefined): Row {
  const image = { ...survivor };
  for (const [field, column] of Object.entries(columns)) {
    const chosen = choices?.includes(field) && !isEmpty(merged[column]);
    if (chosen || isEmpty(survivor[column])) image[column] = merged[column];
  }
  return image;
}

function toModel(row: MergeRow): RecordMerge {
  const mergedAt = new Date(row.mergedAt);
  return {
    id: row.id,
    type: row.recordType as DuplicateType,
    survivorId: row.survivorId,
    mergedId: row.mergedId,
    mergedAt,
    undoableUntil: new Date(mergedAt.getTime() + UNMERGE_DAYS * 24 * 3600 * 1000),
    unmergedAt: row.unmergedAt ? new Date(row.unmergedAt) : null,
  };
}

/**
 * Merging two people or two organisations in one transaction, and undoing
 * it. The rules: every link moves to the survivor (doubles collapse into the
 * richer row), fields are the survivor's unless chosen from the merged
 * record or empty, emails, phones and sectors are united; the merged row is
 * deleted and remembered in record_merges with everything the merge
 * changed, so its id keeps answering and `unmerge` can put back exactly that.
 */
@Injectable()
export class MergesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: MergesRepository,
  ) {}

  async mergePeople(caller: Caller, args: MergePeopleArgs): Promise<PersonMergePayload> {
    assertMayMerge(caller);
    return this.dataSource.transaction(async (db) => {
      const { merge } = await this.mergeIn(db, caller, PERSON, args, (survivor, merged) => ({
        ...chooseColumns(survivor, merged, PERSON_COLUMNS, args.fieldChoices),
        emails: unite(survivor.emails, merged.emails, 'address'),
        phones: unite(survivor.phones, merged.phones, 'number'),
      }));
      const survivor = (await peopleTable.findById(db, args.survivorId)) as Person;
      return { merge: toModel(merge), survivor };
    });
  }

  async mergeOrganisations(caller: Caller, args: MergeOrganisationsArgs): Promise<OrganisationMergePayload> {
    assertMayMerge(caller);
    return this.dataSource.transaction(async (db) => {
      // Hierarchy changes run one after another (as in OrganisationsService), so two merges cannot make a cycle together.
      await db.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.organisationHierarchy]);
      const { merge } = await this.mergeIn(db, caller, ORGANISATION, args, (survivor, merged) => {
        const image = chooseColumns(survivor, merged, ORGANISATION_COLUMNS, args.fieldChoices);
        // The merged organisation disappears, and nothing sits under itself: a survivor that was under
        // the merged one moves up to the merged one's parent.
        const fallback = survivor.parent_id === merged.id ? (merged.parent_id ?? null) : (survivor.parent_id ?? null);
        if (image.parent_id === merged.id || image.parent_id === survivor.id) image.parent_id = fallback;
        if (image.parent_id === merged.id || image.parent_id === survivor.id) image.parent_id = null;
        const sectors = [...new Set([...((survivor.sectors as string[]) ?? []), ...((merged.sectors as string[]) ?? [])])];
        return { ...image, sectors };
      });
      await this.assertNoCycle(db, args.survivorId, 'fieldChoices');
      const survivor = (await organisationsTable.findById(db, args.survivorId)) as Organisation;
      return { merge: toModel(merge), survivor };
    });
  }

  /** Puts the merged record back with its fields and the links the merge moved; later links of the survivor stay. */
  async unmerge(caller: Caller, mergeId: string): Promise<RecordMerge> {
    assertMayMerge(caller);
    return this.dataSource.transaction(async (db) => {
      const merge = await this.repository.lockMerge(db, mergeId);
      if (!merge) throw LiaisonException.notFound('Merge', mergeId, 'mergeId');
      if (merge.unmergedAt) throw LiaisonException.badInput('mergeId', 'This merge has already been undone');
      if (!merge.undoable) {
        throw LiaisonException.badInput('mergeId', `A merge can be undone for ${UNMERGE_DAYS} days; this one is older`);
      }
      const kind = merge.recordType === 'PERSON' ? PERSON : ORGANISATION;
      if (kind === ORGANISATION) await db.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.organisationHierarchy]);
      const survivor = await this.repository.lockImage(db, kind.table, merge.survivorId);
      if (!survivor) {
        throw LiaisonException.badInput('mergeId', 'The survivor has since been merged into another record: undo that merge first');
      }
      await this.repository.reinsert(db, kind.table, merge.mergedRow);
      for (const change of [...merge.links].reverse()) await this.repository.restoreLink(db, specOf(kind.links, change), change);
      // Fields the merge set go back, unless someone changed them since.
      const restorable = changedColumns(merge.survivorBefore, merge.survivorAfter, BOOKKEEPING).filter(
        (column) => JSON.stringify(survivor[column]) === JSON.stringify(merge.survivorAfter[column]),
      );
      await this.repository.restoreColumns(db, kind.table, merge.survivorId, merge.survivorBefore, restorable);
      if (kind === ORGANISATION) {
        await this.assertNoCycle(db, merge.survivorId, 'mergeId');
        await this.assertNoCycle(db, merge.mergedId, 'mergeId');
      }
      return toModel(await this.repository.markUnmerged(db, mergeId, caller.id));
    });
  }

  /** The ids each record absorbed, through one statement per batch. */
  mergedFrom(type: DuplicateType, loaders: LoaderRegistry) {
    return loaders.get<string, string[]>(`merges.absorbed.${type}`, async (ids) =>
      groupByKeys(ids, await this.repository.absorbedIds(type, ids), (row) => row.rootId).map((rows) => rows.map((row) => row.id)),
    );
  }

  private async mergeIn(
    db: Db,
    caller: Caller,
    kind: Kind,
    args: { survivorId: string; mergedId: string; expectedVersions: { survivor: number; merged: number } },
    combine: (survivor: Row, merged: Row) => Row,
  ): Promise<{ merge: MergeRow }> {
    const { survivorId, mergedId, expectedVersions } = args;
    if (survivorId === mergedId) throw LiaisonException.badInput('mergedId', 'A record cannot be merged with itself');
    // Locks in id order, so two merges of the same pair cannot deadlock.
    const images = new Map<string, Row>();
    for (const id of [survivorId, mergedId].sort()) {
      const image = await this.repository.lockImage(db, kind.table, id);
      if (!image) throw LiaisonException.notFound(kind.recordType, id, id === survivorId ? 'survivorId' : 'mergedId');
      images.set(id, image);
    }
    const survivorBefore = images.get(survivorId)!;
    const merged = images.get(mergedId)!;
    for (const [which, image, expected] of [
      ['survivor', survivorBefore, expectedVersions.survivor],
      ['merged', merged, expectedVersions.merged],
    ] as const) {
      if (image.version !== expected) {
        throw LiaisonException.conflict(
          `${kind.recordType} ${String(image.id)} was changed by someone else: version is ${String(image.version)}, not ${expected}`,
          { field: `expectedVersions.${which}`, currentVersion: image.version },
        );
      }
    }
    const combined = combine(survivorBefore, merged);
    await this.repository.restoreColumns(db, kind.table, survivorId, combined, changedColumns(survivorBefore, combined, BOOKKEEPING));
    const links: LinkChange[] = [];
    for (const spec of kind.links) links.push(...(await this.repository.moveLinks(db, spec, mergedId, survivorId)));
    const mergedRow = await this.repository.deleteRecord(db, kind.table, mergedId);
    const survivorAfter = (await this.repository.lockImage(db, kind.table, survivorId))!;
    const merge = await this.repository.insertMerge(db, {
      recordType: kind.type,
      survivorId,
      mergedId,
      mergedRow,
      survivorBefore,
      survivorAfter,
      links,
      mergedBy: caller.id,
    });
    return { merge };
  }

  /** BAD_USER_INPUT when the organisation has become its own ancestor. */
  private async assertNoCycle(db: Db, organisationId: string, field: string): Promise<void> {
    const ancestors = await this.repository.ancestorIds(db, organisationId);
    if (ancestors.slice(1).includes(organisationId)) {
      throw LiaisonException.badInput(field, 'The merge would make an organisation its own ancestor');
    }
  }
}

/** Callers are checked first, failing closed: VIEWERs (and read-only keys) never merge. */
function assertMayMerge(caller: Caller | undefined): asserts caller is Caller {
  if (!caller || caller.role === Role.VIEWER) throw LiaisonException.forbidden('VIEWER users may not change data');
}
