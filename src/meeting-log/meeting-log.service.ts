import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LiaisonException } from '../common/errors/liaison.exception';
import { Db } from '../database/table';
import { MutationReceiptsService } from '../idempotency/mutation-receipts.service';
import { LeadsService } from '../leads/leads.service';
import { MeetingStatus } from '../meetings/meeting.enums';
import { Meeting } from '../meetings/meeting.model';
import { MeetingsService, ParticipantValue } from '../meetings/meetings.service';
import { PeopleService } from '../people/people.service';
import { DuplicatesService } from '../duplicates/duplicates.service';
import { toStoredEmails, toStoredPhones } from '../people/person-rules';
import { TasksService } from '../tasks/tasks.service';
import { LogMeetingInput, LogMeetingPayload, MatchedContact } from './dto/log-meeting.input';

const OPERATION = 'logMeeting';

/**
 * Logging a meeting right after it happened, in one transaction: the meeting
 * (planned or not) with its participants and outcome, the contacts met for
 * the first time with their affiliations, the commitments as tasks and the
 * leads with their provenance. Any invalid part rolls everything back.
 */
@Injectable()
export class MeetingLogService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly meetings: MeetingsService,
    private readonly people: PeopleService,
    private readonly leads: LeadsService,
    private readonly tasks: TasksService,
    private readonly receipts: MutationReceiptsService,
    private readonly duplicates: DuplicatesService,
  ) {}

  logMeeting(input: LogMeetingInput, userId: string): Promise<LogMeetingPayload> {
    return this.dataSource.transaction(async (db) => {
      const { clientMutationId: givenId, ...payload } = input;
      const clientMutationId = givenId ?? null;
      if (clientMutationId) {
        const claim = await this.receipts.claimIn(db, userId, clientMutationId, OPERATION, payload);
        if (!claim.firstTime) {
          return { clientMutationId, replayed: true, meeting: await this.meetings.getForUpdateIn(db, claim.recordId), matchedContacts: [] };
        }
      }
      const matchedContacts: MatchedContact[] = [];
      const meeting = await this.logIn(db, input, userId, matchedContacts);
      if (clientMutationId) await this.receipts.completeIn(db, userId, clientMutationId, meeting.id);
      return { clientMutationId, replayed: false, meeting, matchedContacts };
    });
  }

  private async logIn(db: Db, input: LogMeetingInput, userId: string, matchedContacts: MatchedContact[]): Promise<Meeting> {
    let meeting = await this.openMeeting(db, input, userId);

    // Contacts met for the first time, known by their ref from here on. One
    // whose email or phone a person already has (one created a line above
    // included) is that person: matched, reported, never created twice.
    const contactIds = new Map<string, string>();
    const newParticipants: ParticipantValue[] = [];
    for (const [i, contact] of (input.newContacts ?? []).entries()) {
      const at = `input.newContacts.${i}`;
      if (contactIds.has(contact.ref)) throw LiaisonException.badInput(`${at}.ref`, `ref ${contact.ref} is used twice`);
      const { ref, side, ...person } = contact;
      const known = await this.duplicates.knownContactIn(db, {
        givenName: person.givenName,
        familyName: person.familyName,
        emails: toStoredEmails(person.emails ?? [], `${at}.emails`),
        phones: toStoredPhones(person.phones ?? [], `${at}.phones`),
        organisationIds: (person.affiliations ?? []).map((affiliation) => affiliation.organisationId),
      });
      const personId = known
        ? (await this.people.absorbContactIn(db, known.id, person, at)).id
        : (await this.people.createIn(db, person, at)).id;
      if (known) matchedContacts.push({ ref, personId, reasons: known.reasons });
      contactIds.set(ref, personId);
      if (!newParticipants.some((participant) => participant.personId === personId)) newParticipants.push({ personId, side });
    }

    await this.addParticipants(db, meeting.id, [...(input.participants ?? []), ...newParticipants], input.participants?.length ?? 0);
    if (input.organisationIds?.length) {
      const current = await this.meetings.organisationIdsIn(db, meeting.id);
      await this.meetings.setOrganisationsIn(db, meeting.id, [...current, ...input.organisationIds], 'input.');
    }
    meeting = await this.meetings.recordOutcomeIn(db, meeting.id, meeting.version, input.outcome, userId);

    const leadIds = new Map<string, string>();
    for (const [i, logged] of (input.newLeads ?? []).entries()) {
      const at = `input.newLeads.${i}`;
      const { ref, contactRefs, ...lead } = logged;
      const refContacts = (contactRefs ?? []).map((contactRef, j) => refOf(contactIds, contactRef, `${at}.contactRefs.${j}`, 'new contact'));
      const created = await this.leads.createIn(
        db,
        { ...lead, contactIds: [...(lead.contactIds ?? []), ...refContacts], originMeetingId: meeting.id, originTripId: meeting.tripId },
        userId,
        at,
      );
      if (ref) {
        if (leadIds.has(ref)) throw LiaisonException.badInput(`${at}.ref`, `ref ${ref} is used twice`);
        leadIds.set(ref, created.id);
      }
    }

    for (const [i, commitment] of (input.commitments ?? []).entries()) {
      const at = `input.commitments.${i}`;
      const { promisedByRef, leadRef, ...task } = commitment;
      if (promisedByRef && task.promisedById) {
        throw LiaisonException.badInput(`${at}.promisedByRef`, 'Give promisedById or promisedByRef, not both');
      }
      if (leadRef && task.leadId) throw LiaisonException.badInput(`${at}.leadRef`, 'Give leadId or leadRef, not both');
      await this.tasks.createIn(
        db,
        {
          ...task,
          meetingId: meeting.id,
          isCommitment: true,
          promisedById: promisedByRef ? refOf(contactIds, promisedByRef, `${at}.promisedByRef`, 'new contact') : task.promisedById,
          leadId: leadRef ? refOf(leadIds, leadRef, `${at}.leadRef`, 'new lead') : task.leadId,
        },
        userId,
        at,
      );
    }
    return meeting;
  }

  /** The planned meeting, locked and checked, or the unplanned one, created. */
  private async openMeeting(db: Db, input: LogMeetingInput, userId: string): Promise<Meeting> {
    if (!input.meetingId) {
      if (!input.meeting) throw LiaisonException.badInput('input.meeting', 'Give meetingId of a planned meeting, or the meeting');
      return this.meetings.createIn(db, input.meeting, userId, 'input.meeting.');
    }
    if (input.meeting) throw LiaisonException.badInput('input.meeting', 'Give meetingId or meeting, not both');
    if (input.expectedVersion == null) {
      throw LiaisonException.badInput('input.expectedVersion', 'expectedVersion is required with meetingId');
    }
    const meeting = await this.meetings.getForUpdateIn(db, input.meetingId, 'input.meetingId');
    if (meeting.version !== input.expectedVersion) {
      throw LiaisonException.conflict(
        `Meeting ${meeting.id} was changed by someone else: version is ${meeting.version}, not ${input.expectedVersion}`,
        { field: 'input.expectedVersion', currentVersion: meeting.version },
      );
    }
    if (meeting.status !== MeetingStatus.PLANNED) {
      throw LiaisonException.badInput('input.meetingId', `The meeting is ${meeting.status}: only a PLANNED meeting can be logged`);
    }
    return meeting;
  }

  /** Adds people to the meeting's participants; someone already there keeps their side. */
  private async addParticipants(db: Db, meetingId: string, added: ParticipantValue[], given: number): Promise<void> {
    if (added.length === 0) return;
    const current = await this.meetings.participantsIn(db, meetingId);
    const known = new Set(current.map((p) => p.personId));
    const seen = new Set<string>();
    for (const [index, participant] of added.slice(0, given).entries()) {
      const field = `input.participants.${index}.personId`;
      if (seen.has(participant.personId)) throw LiaisonException.badInput(field, 'This person is listed twice');
      seen.add(participant.personId);
      await this.people.assertExist([participant.personId], field, db);
    }
    // A new contact matched to a known person may be listed as a participant too: once is enough.
    const fresh = added.filter((p, i) => !known.has(p.personId) && added.findIndex((q) => q.personId === p.personId) === i);
    const merged = [...current.map(({ personId, side }) => ({ personId, side })), ...fresh];
    await this.meetings.setParticipantsIn(db, meetingId, merged, 'input.');
  }
}

function refOf(refs: Map<string, string>, ref: string, field: string, what: string): string {
  const id = refs.get(ref);
  if (!id) throw LiaisonException.badInput(field, `No ${what} with ref ${ref} in this input`);
  return id;
}
