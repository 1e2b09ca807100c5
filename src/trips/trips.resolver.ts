import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { groupByKeys } from '../common/dataloader/loader-registry';
import type { GraphQLContext } from '../common/graphql/graphql-context';
import { IdArgs } from '../common/graphql/id.args';
import { Organisation } from '../organisations/organisation.model';
import { OrganisationsService } from '../organisations/organisations.service';
import { PeopleService } from '../people/people.service';
import { Person } from '../people/person.model';
import { CreateTripInput } from './dto/create-trip.input';
import { RemoveTripDelegateArgs, SetTripDelegateArgs } from './dto/trip-delegate.args';
import { TripsArgs } from './dto/trips.args';
import { UpdateTripArgs } from './dto/update-trip.args';
import { Delegate, Trip, TripConnection } from './trip.model';
import { TripsService } from './trips.service';

@Resolver(() => Trip)
export class TripsResolver {
  constructor(
    private readonly service: TripsService,
    private readonly organisations: OrganisationsService,
  ) {}

  @Query(() => Trip, { description: 'One trip by id, archived or not' })
  trip(@Args() { id }: IdArgs): Promise<Trip> {
    return this.service.getById(id);
  }

  @Query(() => TripConnection, { description: 'Trips, filtered and in keyset pages; latest start first by default' })
  trips(@Args() args: TripsArgs) {
    return this.service.list(args);
  }

  @Mutation(() => Trip)
  createTrip(@Args('input') input: CreateTripInput): Promise<Trip> {
    return this.service.create(input);
  }

  @Mutation(() => Trip, { description: 'Change fields; CONFLICT when expectedVersion is stale' })
  updateTrip(@Args() { id, expectedVersion, input }: UpdateTripArgs): Promise<Trip> {
    return this.service.update(id, expectedVersion, input);
  }

  @Mutation(() => Trip, { description: 'Soft delete: hidden from lists unless includeArchived' })
  archiveTrip(@Args() { id }: IdArgs): Promise<Trip> {
    return this.service.setArchived(id, true);
  }

  @Mutation(() => Trip)
  restoreTrip(@Args() { id }: IdArgs): Promise<Trip> {
    return this.service.setArchived(id, false);
  }

  @Mutation(() => Trip, { description: 'Adds a person to the delegation, or changes their role' })
  setTripDelegate(@Args() { tripId, personId, role }: SetTripDelegateArgs): Promise<Trip> {
    return this.service.setDelegate(tripId, personId, role);
  }

  @Mutation(() => Trip, { description: 'Removes a person from the delegation; harmless if they are not in it' })
  removeTripDelegate(@Args() { tripId, personId }: RemoveTripDelegateArgs): Promise<Trip> {
    return this.service.removeDelegate(tripId, personId);
  }

  @ResolveField(() => Organisation, { nullable: true })
  organiser(@Parent() trip: Trip, @Context() { loaders }: GraphQLContext) {
    if (!trip.organiserId) return null;
    return this.organisations.byId(loaders).load(trip.organiserId);
  }

  @ResolveField(() => [Delegate], { description: 'By role (HEAD first), then by name' })
  delegation(@Parent() trip: Trip, @Context() { loaders }: GraphQLContext) {
    return loaders
      .get<string, Delegate[]>('trip.delegation', async (ids) =>
        groupByKeys(ids, await this.service.delegatesOf(ids), (row) => row.tripId),
      )
      .load(trip.id);
  }
}

@Resolver(() => Delegate)
export class DelegateResolver {
  constructor(private readonly people: PeopleService) {}

  @ResolveField(() => Person)
  person(@Parent() delegate: Delegate, @Context() { loaders }: GraphQLContext) {
    return this.people.byId(loaders).load(delegate.personId);
  }
}
