import { Injectable } from '@nestjs/common';
import { LoaderRegistry } from '../common/dataloader/loader-registry';
import { LiaisonException } from '../common/errors/liaison.exception';
import { OrganisationsService } from '../organisations/organisations.service';
import { AffiliationsService } from '../people/affiliations.service';
import { PeopleArgs } from '../people/dto/people.args';
import { PeopleService } from '../people/people.service';
import { Person } from '../people/person.model';
import { MAX_EXPORT_ROWS } from './exports.service';
import { ExportQuery, listArgsOf } from './list-args';
import { VCardContact, VCardVersion, writeVCards } from './vcard';

/**
 * People as vCards: one person by id, or any people list with the GraphQL
 * list's filter and order, read through PeopleService page by page. ORG and
 * TITLE come from the person's primary current affiliation (or the first
 * current one), NOTE from their background.
 */
@Injectable()
export class VCardExportsService {
  constructor(
    private readonly people: PeopleService,
    private readonly affiliations: AffiliationsService,
    private readonly organisations: OrganisationsService,
  ) {}

  /** NOT_FOUND for an unknown id; an archived person is still exported by id, as `person(id)` shows them. */
  async person(id: string, version: VCardVersion): Promise<string> {
    const person = await this.people.getById(id);
    return writeVCards(await this.contactsOf([person]), version);
  }

  async list(query: ExportQuery, version: VCardVersion): Promise<string> {
    const args = await listArgsOf(PeopleArgs, query);
    const contacts: VCardContact[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.people.list(Object.assign(new PeopleArgs(), args, { after }));
      contacts.push(...(await this.contactsOf(page.edges.map((edge) => edge.node))));
      if (contacts.length > MAX_EXPORT_ROWS) {
        throw LiaisonException.badInput('filter', `More than ${MAX_EXPORT_ROWS} people: narrow the filter`);
      }
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor ?? undefined;
    }
    return writeVCards(contacts, version);
  }

  /** One statement for the page's affiliations, one for their organisations. */
  private async contactsOf(people: Person[]): Promise<VCardContact[]> {
    const loaders = new LoaderRegistry();
    const affiliations = await this.affiliations.ofPeople(loaders, false).loadMany(people.map((person) => person.id));
    const firstOf = people.map((_, i) => {
      const found = affiliations[i];
      return found instanceof Error ? undefined : found[0];
    });
    const organisations = await Promise.all(
      firstOf.map((affiliation) => (affiliation ? this.organisations.byId(loaders).load(affiliation.organisationId) : null)),
    );
    return people.map((person, i) => ({
      id: person.id,
      title: person.title,
      givenName: person.givenName,
      familyName: person.familyName,
      organisation: organisations[i]?.name ?? null,
      department: firstOf[i]?.department ?? null,
      jobTitle: firstOf[i]?.jobTitle ?? null,
      emails: person.emails,
      phones: person.phones,
      note: person.background,
      updatedAt: new Date(person.updatedAt),
    }));
  }
}
