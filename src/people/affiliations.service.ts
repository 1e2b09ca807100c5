import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { groupByKeys, LoaderRegistry } from '../common/dataloader/loader-registry';
import { LiaisonException } from '../common/errors/liaison.exception';
import { Db } from '../database/table';
import { OrganisationsService } from '../organisations/organisations.service';
import { AddAffiliationInput, UpdateAffiliationInput } from './dto/affiliation.args';
import { PersonAffiliationInput } from './dto/create-person.input';
import { PeopleRepository } from './people.repository';
import { assertAffiliationPeriod, fieldPath } from './person-rules';
import { Affiliation } from './person.model';

/** Input to column values: only what the affiliations table stores. */
function toValues(input: Partial<AddAffiliationInput>): Partial<Affiliation> {
  const { personId, organisationId, jobTitle, department, startDate, endDate, isPrimary } = input;
  return { personId, organisationId, jobTitle, department, startDate, endDate, isPrimary };
}

/**
 * A person's roles at organisations over time. Rule: at most one current
 * affiliation per person is primary; marking one unmarks the others in the
 * same transaction, under a lock on the person so concurrent changes cannot
 * leave two marked.
 */
@Injectable()
export class AffiliationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: PeopleRepository,
    private readonly organisations: OrganisationsService,
  ) {}

  /** The request's loader of each person's affiliations (current only unless `includeEnded`). */
  ofPeople(loaders: LoaderRegistry, includeEnded: boolean) {
    return loaders.get<string, Affiliation[]>(`person.affiliations.${includeEnded ? 'all' : 'current'}`, async (ids) =>
      groupByKeys(ids, await this.repository.findAffiliationsOfPeople(ids, includeEnded), (row) => row.personId),
    );
  }

  /** The request's loader of each organisation's affiliations (current only unless `includeEnded`). */
  atOrganisations(loaders: LoaderRegistry, includeEnded: boolean) {
    return loaders.get<string, Affiliation[]>(`organisation.affiliations.${includeEnded ? 'all' : 'current'}`, async (ids) =>
      groupByKeys(ids, await this.repository.findAffiliationsAtOrganisations(ids, includeEnded), (row) => row.organisationId),
    );
  }

  add(input: AddAffiliationInput): Promise<Affiliation> {
    return this.dataSource.transaction((db) => this.addIn(db, input, 'input'));
  }

  /** For other features' transactions; fields are reported under `at` (e.g. `input.contacts.0.affiliation`). */
  async addIn(db: Db, input: AddAffiliationInput, at = ''): Promise<Affiliation> {
    assertAffiliationPeriod(input.startDate, input.endDate, fieldPath(at, 'endDate'));
    if (!(await this.repository.lockPerson(db, input.personId))) {
      throw LiaisonException.badInput(fieldPath(at, 'personId'), `No person with id ${input.personId}`);
    }
    await this.organisations.assertExist([input.organisationId], fieldPath(at, 'organisationId'), db);
    return this.insert(db, input);
  }

  /**
   * Checks a new person's affiliations before anything is written: periods,
   * at most one primary, known organisations. `at` is the path of the list.
   */
  async checkInitial(db: Db, inputs: readonly PersonAffiliationInput[], at: string): Promise<void> {
    const primaries = inputs.flatMap((input, i) => (input.isPrimary ? [i] : []));
    if (primaries.length > 1) {
      throw LiaisonException.badInput(fieldPath(at, primaries[1], 'isPrimary'), 'Only one affiliation can be primary');
    }
    for (const [i, input] of inputs.entries()) {
      assertAffiliationPeriod(input.startDate, input.endDate, fieldPath(at, i, 'endDate'));
      // One lookup per entry so the error names the entry; a new card lists one or two.
      await this.organisations.assertExist([input.organisationId], fieldPath(at, i, 'organisationId'), db);
    }
  }

  /** Inserts a checked affiliation; the caller holds the person lock or created the person in this transaction. */
  async insert(db: Db, input: AddAffiliationInput): Promise<Affiliation> {
    const row = await this.repository.affiliations.insert(db, toValues(input));
    if (row.isPrimary && row.isCurrent) await this.repository.unmarkOtherPrimaries(db, row.personId, row.id);
    return row;
  }

  async update(id: string, expectedVersion: number, input: UpdateAffiliationInput): Promise<Affiliation> {
    if (input.isPrimary === null) throw LiaisonException.badInput('input.isPrimary', 'isPrimary cannot be cleared');
    return this.dataSource.transaction((db) =>
      this.change(db, id, expectedVersion, toValues(input as Partial<AddAffiliationInput>), (field) => `input.${field}`),
    );
  }

  /** Sets the end date; the affiliation stays as history. */
  end(id: string, expectedVersion: number, endDate: string): Promise<Affiliation> {
    return this.dataSource.transaction((db) => this.change(db, id, expectedVersion, { endDate }, (field) => field));
  }

  private async change(
    db: Db,
    id: string,
    expectedVersion: number,
    values: Partial<Affiliation>,
    pathOf: (field: 'startDate' | 'endDate') => string,
  ): Promise<Affiliation> {
    const current = await this.repository.affiliations.getById(db, id);
    await this.repository.lockPerson(db, current.personId);
    const startDate = values.startDate !== undefined ? values.startDate : current.startDate;
    const endDate = values.endDate !== undefined ? values.endDate : current.endDate;
    assertAffiliationPeriod(startDate, endDate, pathOf(values.endDate !== undefined ? 'endDate' : 'startDate'));
    const row = await this.repository.affiliations.updateVersioned(db, id, expectedVersion, values);
    // Also when only the dates changed: reopening an ended primary makes it current again.
    if (row.isPrimary && row.isCurrent) await this.repository.unmarkOtherPrimaries(db, row.personId, row.id);
    return row;
  }
}
