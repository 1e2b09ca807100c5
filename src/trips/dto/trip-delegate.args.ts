import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsEnum, IsUUID } from 'class-validator';
import { DelegateRole } from '../trip.enums';

@ArgsType()
export class RemoveTripDelegateArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'tripId must be a UUID' })
  tripId: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'personId must be a UUID' })
  personId: string;
}

@ArgsType()
export class SetTripDelegateArgs extends RemoveTripDelegateArgs {
  @Field(() => DelegateRole)
  @IsEnum(DelegateRole)
  role: DelegateRole;
}
