import { Args, Query, Resolver } from '@nestjs/graphql';
import { SearchArgs } from './dto/search.args';
import { SearchHitConnection } from './search.model';
import { SearchService } from './search.service';

@Resolver()
export class SearchResolver {
  constructor(private readonly service: SearchService) {}

  @Query(() => SearchHitConnection, {
    description:
      'One ranked list across organisations, people, trips, meetings, leads and notes: folded (case, accents, ae/oe/ue, punctuation), prefixes, typos; people also by email, domain, phone and organisation',
  })
  search(@Args() args: SearchArgs) {
    return this.service.search(args);
  }
}
