import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { byKeys, LoaderRegistry } from '../common/dataloader/loader-registry';
import { LiaisonException } from '../common/errors/liaison.exception';
import { Connection, decodeCursor, keysetConnection } from '../common/graphql/connection';
import { SortDirection } from '../common/graphql/sort-direction.enum';
import { survivorOf } from '../database/record-aliases';
import { Db } from '../database/table';
import { AffiliationsService } from './affiliations.service';
import { CreatePersonInput } from './dto/create-person.input';
import { PeopleArgs, PersonOrderField } from './dto/people.args';
import { UpdatePersonInput } from './dto/update-person.args';
import { PeopleRepository } from './people.repository';
import { fieldPath, toStoredEmails, toStoredPhones } from './person-rules';
import { Person } from './person.model';

const REQUIRED_ON_UPDATE = ['givenName', 'familyName'] as const;

@Injectable()
export class PeopleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: PeopleRepository,
    private readonly affiliations: AffiliationsService,
  ) {}

  /** The person, or the survivor an id merged away now answers for (bookmarks and integrations keep working). */
  async getById(id: string): Promise<Person> {
    const db = this.dataSource.manager;
    const person = await this.repository.people.findById(db, id);
    if (person) return person;
    const survivorId = await survivorOf(db, 'PERSON', id);
    const survivor = survivorId ? await this.repository.people.findById(db, survivorId) : undefined;
    if (!survivor) throw LiaisonException.notFound('Person', id);
    return survivor;
  }

  /** The request's loader of Persons by id (null for an unknown id): one SQL statement per batch. */
  byId(loaders: LoaderRegistry) {
    return loaders.get<string, Person | null>('person.byId', async (ids) => byKeys(ids, await this.repository.findByIds(ids), (row) => row.id));
  }

  /** Batch read for per-request loaders, or inside a transaction with its `db`. */
  findByIds(ids: readonly string[], db?: Db): Promise<Person[]> {
    return this.repository.findByIds(ids, db);
  }

  /** For other features' transactions: BAD_USER_INPUT on `field` unless every id is a person (archived ones count). */
  async assertExist(ids: readonly string[], field: string, db: Db): Promise<void> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return;
    const found = new Set((await this.repository.findByIds(unique, db)).map((row) => row.id));
    const missing = unique.find((id) => !found.has(id));
    if (missing) throw LiaisonException.badInput(field, `No person with id ${missing}`);
  }

  async list(args: PeopleArgs): Promise<Connection<Person>> {
    const rows = await this.repository.findPage({
      filter: args.filter,
      orderField: args.orderBy?.field ?? PersonOrderField.NAME,
      direction: args.orderBy?.direction ?? SortDirection.ASC,
      first: args.first,
      after: args.after ? decodeCursor(args.after, 2) : undefined,
    });
    return keysetConnection(rows, args.first, args.after, () => this.repository.count(args.filter));
  }

  create(input: CreatePersonInput): Promise<Person> {
    return this.dataSource.transaction((db) => this.createIn(db, input, 'input'));
  }

  /**
   * Creates the person and the affiliations given with it, inside the
   * caller's transaction (logMeeting creates the contacts met for the first
   * time). Errors name fields under `at`, the path of this input in the
   * caller's arguments: relative (`affiliations.0.organisationId`) when omitted.
   */
  async createIn(db: Db, input: CreatePersonInput, at = ''): Promise<Person> {
    const values = this.toValues(input, at);
    const affiliations = input.affiliations ?? [];
    await this.affiliations.checkInitial(db, affiliations, fieldPath(at, 'affiliations'));
    const person = await this.repository.people.insert(db, values);
    for (const affiliation of affiliations) {
      await this.affiliations.insert(db, { ...affiliation, personId: person.id });
    }
    return person;
  }

  /**
   * For logMeeting, inside its transaction: a contact "met for the first
   * time" turned out to be this known person. Adds the emails, phones and
   * organisations of the card the person lacks; keeps everything else.
   */
  async absorbContactIn(db: Db, personId: string, input: CreatePersonInput, at: string): Promise<Person> {
    const emails = toStoredEmails(input.emails ?? [], fieldPath(at, 'emails'));
    const phones = toStoredPhones(input.phones ?? [], fieldPath(at, 'phones'));
    const affiliations = input.affiliations ?? [];
    await this.affiliations.checkInitial(db, affiliations, fieldPath(at, 'affiliations'));
    const person = await this.repository.people.lock(db, personId, fieldPath(at, 'ref'));
    const newEmails = emails.filter((email) => !person.emails.some((known) => known.address === email.address));
    const newPhones = phones.filter((phone) => !person.phones.some((known) => known.number === phone.number));
    const current = new Set(
      (await this.repository.findAffiliationsOfPeople([personId], false, db)).map((affiliation) => affiliation.organisationId),
    );
    for (const affiliation of affiliations.filter((a) => !current.has(a.organisationId))) {
      await this.affiliations.insert(db, { ...affiliation, personId });
    }
    if (newEmails.length === 0 && newPhones.length === 0) return person;
    return this.repository.people.update(db, personId, {
      emails: [...person.emails, ...newEmails.map((email) => ({ ...email, primary: person.emails.length === 0 && email.primary }))],
      phones: [...person.phones, ...newPhones.map((phone) => ({ ...phone, primary: person.phones.length === 0 && phone.primary }))],
    });
  }

  async update(id: string, expectedVersion: number, input: UpdatePersonInput): Promise<Person> {
    for (const field of REQUIRED_ON_UPDATE) {
      if (input[field] === null) throw LiaisonException.badInput(`input.${field}`, `${field} cannot be cleared`);
    }
    const values = this.toValues(input, 'input');
    return this.dataSource.transaction((db) => this.repository.people.updateVersioned(db, id, expectedVersion, values));
  }

  /** Archiving hides the person from lists; archiving twice is harmless. */
  setArchived(id: string, archived: boolean): Promise<Person> {
    return this.dataSource.transaction((db) => this.repository.people.setArchived(db, id, archived));
  }

  /** Input to column values: emails and phones normalised, a cleared list stored as an empty one. */
  private toValues(input: UpdatePersonInput, at: string): Partial<Person> {
    const { title, givenName, familyName, emails, phones, preferredLanguage, background } = input;
    return {
      title,
      givenName,
      familyName,
      preferredLanguage,
      background,
      emails: emails === undefined ? undefined : toStoredEmails(emails ?? [], fieldPath(at, 'emails')),
      phones: phones === undefined ? undefined : toStoredPhones(phones ?? [], fieldPath(at, 'phones')),
    } as Partial<Person>;
  }
}
