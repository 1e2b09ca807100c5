import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { byKeys, LoaderRegistry } from '../common/dataloader/loader-registry';
import { LiaisonException } from '../common/errors/liaison.exception';
import { Connection, decodeCursor, keysetConnection } from '../common/graphql/connection';
import { SortDirection } from '../common/graphql/sort-direction.enum';
import { Db } from '../database/table';
import { OrganisationsService } from '../organisations/organisations.service';
import { CreateTripInput } from './dto/create-trip.input';
import { TripOrderField, TripsArgs } from './dto/trips.args';
import { UpdateTripInput } from './dto/update-trip.args';
import { DelegateRole } from './trip.enums';
import { Delegate, Trip } from './trip.model';
import { DelegateValue, TripsRepository } from './trips.repository';

const REQUIRED_ON_UPDATE = ['name', 'kind', 'startDate', 'endDate'] as const;

/** Input to column values: a cleared destination list is an empty list, not NULL. */
function toValues(input: UpdateTripInput): Partial<Trip> {
  const { destinations, ...rest } = input;
  const values: Partial<Trip> = { ...rest };
  if (destinations !== undefined) values.destinations = (destinations ?? []).map(({ city, country }) => ({ city, country }));
  return values;
}

function assertDateOrder(startDate: string, endDate: string, field: string): void {
  // YYYY-MM-DD strings compare like the dates they stand for.
  if (endDate < startDate) throw LiaisonException.badInput(field, 'endDate must be on or after startDate');
}

/** The same CONFLICT the versioned UPDATE answers. */
function staleVersion(current: Trip, expectedVersion: number): LiaisonException {
  return LiaisonException.conflict(
    `Trip ${current.id} was changed by someone else: version is ${current.version}, not ${expectedVersion}`,
    { field: 'expectedVersion', currentVersion: current.version },
  );
}

@Injectable()
export class TripsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: TripsRepository,
    private readonly organisations: OrganisationsService,
  ) {}

  getById(id: string): Promise<Trip> {
    return this.repository.trips.getById(this.dataSource.manager, id);
  }

  /** The request's loader of Trips by id (null for an unknown id): one SQL statement per batch. */
  byId(loaders: LoaderRegistry) {
    return loaders.get<string, Trip | null>('trip.byId', async (ids) => byKeys(ids, await this.repository.findByIds(ids), (row) => row.id));
  }

  /** Batch read for per-request loaders; pass `db` inside a transaction. */
  findByIds(ids: readonly string[], db?: Db): Promise<Trip[]> {
    return this.repository.findByIds(ids, db);
  }

  delegatesOf(tripIds: readonly string[]): Promise<Delegate[]> {
    return this.repository.delegatesOf(tripIds);
  }

  /** For other features' transactions: BAD_USER_INPUT on `field` unless every id is a trip. */
  async assertExist(ids: readonly string[], field: string, db: Db): Promise<void> {
    const unique = [...new Set(ids)];
    const found = await this.repository.findByIds(unique, db);
    const missing = unique.find((id) => !found.some((row) => row.id === id));
    if (missing) throw LiaisonException.badInput(field, `No trip with id ${missing}`);
  }

  async list(args: TripsArgs): Promise<Connection<Trip>> {
    const orderField = args.orderBy?.field ?? TripOrderField.START_DATE;
    const defaultDirection = orderField === TripOrderField.NAME ? SortDirection.ASC : SortDirection.DESC;
    if (args.filter?.from && args.filter.to && args.filter.to < args.filter.from) {
      throw LiaisonException.badInput('filter.to', 'to must be on or after from');
    }
    const rows = await this.repository.findPage({
      filter: args.filter,
      orderField,
      direction: args.orderBy?.direction ?? defaultDirection,
      first: args.first,
      after: args.after ? decodeCursor(args.after, 2) : undefined,
    });
    return keysetConnection(rows, args.first, args.after, () => this.repository.count(args.filter));
  }

  async create(input: CreateTripInput): Promise<Trip> {
    assertDateOrder(input.startDate, input.endDate, 'input.endDate');
    return this.dataSource.transaction(async (db) => {
      if (input.organiserId) await this.organisations.assertExist([input.organiserId], 'input.organiserId', db);
      const delegation = input.delegation ?? [];
      await this.assertDelegatesValid(db, delegation, (index) => `input.delegation.${index}.personId`);
      const trip = await this.repository.trips.insert(db, toValues(input));
      await this.repository.insertDelegates(db, trip.id, delegation);
      return trip;
    });
  }

  async update(id: string, expectedVersion: number, input: UpdateTripInput): Promise<Trip> {
    for (const field of REQUIRED_ON_UPDATE) {
      if (input[field] === null) throw LiaisonException.badInput(`input.${field}`, `${field} cannot be cleared`);
    }
    return this.dataSource.transaction(async (db) => {
      const current = await this.repository.trips.getById(db, id);
      // A stale version conflicts before the dates are checked against data the client never saw.
      if (current.version !== expectedVersion) throw staleVersion(current, expectedVersion);
      assertDateOrder(
        input.startDate ?? current.startDate,
        input.endDate ?? current.endDate,
        input.endDate !== undefined ? 'input.endDate' : 'input.startDate',
      );
      if (input.organiserId) await this.organisations.assertExist([input.organiserId], 'input.organiserId', db);
      return this.repository.trips.updateVersioned(db, id, expectedVersion, toValues(input));
    });
  }

  /** Archiving hides the trip from lists; archiving twice is harmless. */
  setArchived(id: string, archived: boolean): Promise<Trip> {
    return this.dataSource.transaction((db) => this.repository.trips.setArchived(db, id, archived));
  }

  /** Adds the person to the delegation or changes their role. */
  setDelegate(tripId: string, personId: string, role: DelegateRole): Promise<Trip> {
    return this.dataSource.transaction(async (db) => {
      const trip = await this.repository.trips.getById(db, tripId, 'tripId');
      await this.assertDelegatesValid(db, [{ personId, role }], () => 'personId');
      await this.repository.upsertDelegate(db, tripId, { personId, role });
      return trip;
    });
  }

  /** Removing someone who is not in the delegation is harmless. */
  removeDelegate(tripId: string, personId: string): Promise<Trip> {
    return this.dataSource.transaction(async (db) => {
      const trip = await this.repository.trips.getById(db, tripId, 'tripId');
      await this.repository.deleteDelegate(db, tripId, personId);
      return trip;
    });
  }

  /** Each person once, and every person known; errors name the entry (`input.delegation.2.personId`). */
  private async assertDelegatesValid(
    db: Db,
    delegates: readonly DelegateValue[],
    fieldOf: (index: number) => string,
  ): Promise<void> {
    const seen = new Set<string>();
    delegates.forEach((delegate, index) => {
      if (seen.has(delegate.personId)) throw LiaisonException.badInput(fieldOf(index), 'This person is listed twice');
      seen.add(delegate.personId);
    });
    const existing = await this.repository.existingPersonIds(db, [...seen]);
    const unknown = delegates.findIndex((delegate) => !existing.has(delegate.personId));
    if (unknown >= 0) {
      throw LiaisonException.badInput(fieldOf(unknown), `No person with id ${delegates[unknown].personId}`);
    }
  }
}
