import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../auth/auth.decorators';
import { User } from '../auth/user.model';
import { UsersService } from '../auth/users.service';
import type { GraphQLContext } from '../common/graphql/graphql-context';
import { IdArgs } from '../common/graphql/id.args';
import { AddNoteInput } from './dto/add-note.input';
import { UpdateNoteArgs } from './dto/update-note.args';
import { Note } from './note.model';
import { NotesService } from './notes.service';

@Resolver(() => Note)
export class NotesResolver {
  constructor(
    private readonly service: NotesService,
    private readonly users: UsersService,
  ) {}

  @Mutation(() => Note, { description: 'A note on an organisation, person, meeting or lead, by the caller' })
  addNote(@Args('input') input: AddNoteInput, @CurrentUser() user: User): Promise<Note> {
    return this.service.add(input, user);
  }

  @Mutation(() => Note, { description: 'Only the author or an ADMIN; CONFLICT when expectedVersion is stale' })
  updateNote(@Args() { id, expectedVersion, body }: UpdateNoteArgs, @CurrentUser() user: User): Promise<Note> {
    return this.service.update(id, expectedVersion, body, user);
  }

  @Mutation(() => Note, { description: 'Hides the note from its record; only the author or an ADMIN' })
  archiveNote(@Args() { id }: IdArgs, @CurrentUser() user: User): Promise<Note> {
    return this.service.setArchived(id, true, user);
  }

  @Mutation(() => Note, { description: 'Only the author or an ADMIN' })
  restoreNote(@Args() { id }: IdArgs, @CurrentUser() user: User): Promise<Note> {
    return this.service.setArchived(id, false, user);
  }

  @ResolveField(() => User)
  author(@Parent() note: Note, @Context() { loaders }: GraphQLContext) {
    return this.users.byId(loaders).load(note.authorId);
  }
}
