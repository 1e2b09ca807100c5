import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Lead } from '../leads/lead.model';

/** A task in a stored digest, as it was when the digest was built. */
export interface DigestTaskEntry {
  id: string;
  title: string;
  dueDate: string;
}

/** A stale lead in a stored digest, as it was when the digest was built. */
export interface DigestLeadEntry {
  id: string;
  title: string;
  lastActivityAt: string;
  daysSilent: number;
}

/** The jsonb content of a `digests` row. */
export interface DigestContent {
  tasksDueToday: DigestTaskEntry[];
  overdueTasks: DigestTaskEntry[];
  staleLeads: DigestLeadEntry[];
}

@ObjectType('Digest', {
  description:
    "A user's reminder digest for one day, built each morning. Tasks and leads are read live; those archived or deleted since are left out.",
})
export class Digest {
  @Field({ description: 'YYYY-MM-DD, in DIGEST_TIME_ZONE' })
  date: string;

  @Field({ description: 'When the digest was built' })
  generatedAt: Date;

  /** The stored lists; the resolver turns them into live tasks and leads. */
  content: DigestContent;
}

@ObjectType('DigestStaleLead', { description: 'An open lead of the owner with no activity for DIGEST_STALE_DAYS or more' })
export class DigestStaleLead {
  @Field(() => Lead)
  lead: Lead;

  @Field({ description: 'The latest of: lead changed, stage changed, task on it created or completed, note on it written' })
  lastActivityAt: Date;

  @Field(() => Int, { description: 'Days from the last activity to the digest date' })
  daysSilent: number;
}

@ObjectType('DigestRun', { description: "One day's build of every user's digest" })
export class DigestRun {
  @Field({ description: 'YYYY-MM-DD, in DIGEST_TIME_ZONE' })
  date: string;

  @Field()
  startedAt: Date;

  @Field()
  finishedAt: Date;

  @Field({ description: 'The app instance that built it (host:pid)' })
  instance: string;

  @Field(() => Int, { description: 'Digests built: one per active user' })
  digestCount: number;
}
