import { LeadStage } from '../../leads/lead.enums';
import { MeetingKind, MeetingStatus } from '../../meetings/meeting.enums';
import { OrganisationKind } from '../../organisations/organisation-kind.enum';
import { DelegateRole, TripKind } from '../../trips/trip.enums';

export const REPORT_LANGUAGES = ['de', 'en'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

/** Instants (when the report was made, when a lead entered its stage) are shown in the agency's time. */
const REPORT_TIME_ZONE = 'Europe/Berlin';

/** Every word the printed trip report shows, in one language. */
export interface ReportLabels {
  locale: string;
  documentTitle: string;
  /** ASCII, for the file name. */
  fileStem: string;
  period: string;
  destinations: string;
  objectives: string;
  delegation: string;
  asOf: string;
  asOfToday: string;
  asOfEndOf: (day: string) => string;
  generatedAt: string;
  keyFigures: string;
  figures: {
    meetings: string;
    meetingsHeld: string;
    meetingsPlanned: string;
    meetingsCancelled: string;
    organisations: string;
    organisationsNew: string;
    organisationsKnown: string;
    peopleMet: string;
    peopleMetForFirstTime: string;
    leadsOpened: string;
    leadsValue: string;
    leadsJobs: string;
    partnerships: string;
    partnershipsValue: string;
    partnershipsJobs: string;
    commitmentsKept: string;
    commitmentsOpen: string;
    commitmentsOverdue: string;
  };
  groups: { meetings: string; organisations: string; people: string; contacts: string; leads: string; partnerships: string; commitments: string };
  charts: { funnel: string; meetingsPerDay: string; noLeads: string; noMeetings: string; count: string };
  sections: {
    leads: string;
    partnerships: string;
    openCommitments: string;
    meetingsByKind: string;
    meetingsByCity: string;
    organisationsByCountry: string;
    organisationsByKind: string;
    newContacts: string;
  };
  columns: {
    lead: string;
    stage: string;
    since: string;
    value: string;
    jobs: string;
    partnership: string;
    signedOn: string;
    commitment: string;
    dueOn: string;
    kind: string;
    city: string;
    country: string;
    count: string;
    total: string;
    new: string;
    known: string;
  };
  none: string;
  unknown: string;
  noDueDate: string;
  page: (page: number, pages: number) => string;
  stage: Record<LeadStage, string>;
  meetingStatus: Record<MeetingStatus, string>;
  meetingKind: Record<MeetingKind, string>;
  organisationKind: Record<OrganisationKind, string>;
  tripKind: Record<TripKind, string>;
  delegateRole: Record<DelegateRole, string>;
}

const de: ReportLabels = {
  locale: 'de-DE',
  documentTitle: 'Reisebericht',
  fileStem: 'reisebericht',
  period: 'Zeitraum',
  destinations: 'Reiseziele',
  objectives: 'Ziele der Reise',
  delegation: 'Delegation',
  asOf: 'Stand',
  asOfToday: 'heute',
  asOfEndOf: (day) => `Ende des ${day}`,
  generatedAt: 'Erstellt am',
  keyFigures: 'Kennzahlen',
  figures: {
    meetings: 'Termine im Programm',
    meetingsHeld: 'durchgeführt',
    meetingsPlanned: 'geplant',
    meetingsCancelled: 'abgesagt',
    organisations: 'Organisationen getroffen',
    organisationsNew: 'erstmals getroffen',
    organisationsKnown: 'bereits bekannt',
    peopleMet: 'Gesprächspartner getroffen',
    peopleMetForFirstTime: 'erstmals getroffen',
    leadsOpened: 'Leads eröffnet',
    leadsValue: 'geschätzter Wert',
    leadsJobs: 'potenzielle Arbeitsplätze',
    partnerships: 'Partnerschaften geschlossen',
    partnershipsValue: 'Wert',
    partnershipsJobs: 'potenzielle Arbeitsplätze',
    commitmentsKept: 'Zusagen eingehalten',
    commitmentsOpen: 'offen',
    commitmentsOverdue: 'überfällig',
  },
  groups: {
    meetings: 'Termine',
    organisations: 'Organisationen',
    people: 'Personen',
    contacts: 'Kontakte',
    leads: 'Leads',
    partnerships: 'Partnerschaften',
    commitments: 'Zusagen',
  },
  charts: {
    funnel: 'Leads nach Phase',
    meetingsPerDay: 'Termine pro Tag',
    noLeads: 'Keine Leads aus dieser Reise',
    noMeetings: 'Keine Termine im Programm',
    count: 'Anzahl',
  },
  sections: {
    leads: 'Leads aus der Reise',
    partnerships: 'Partnerschaften',
    openCommitments: 'Offene Zusagen',
    meetingsByKind: 'Durchgeführte Termine nach Art',
    meetingsByCity: 'Durchgeführte Termine nach Ort',
    organisationsByCountry: 'Organisationen nach Land',
    organisationsByKind: 'Organisationen nach Art',
    newContacts: 'Neue Kontakte',
  },
  columns: {
    lead: 'Lead',
    stage: 'Phase',
    since: 'seit',
    value: 'Wert',
    jobs: 'Arbeitsplätze',
    partnership: 'Partnerschaft',
    signedOn: 'unterzeichnet am',
    commitment: 'Zusage',
    dueOn: 'fällig am',
    kind: 'Art',
    city: 'Ort',
    country: 'Land',
    count: 'Anzahl',
    total: 'gesamt',
    new: 'neu',
    known: 'bekannt',
  },
  none: 'keine',
  unknown: 'unbekannt',
  noDueDate: 'ohne Termin',
  page: (page, pages) => `Seite ${page} von ${pages}`,
  stage: {
    [LeadStage.NEW]: 'Neu',
    [LeadStage.CONTACTED]: 'Kontaktiert',
    [LeadStage.QUALIFIED]: 'Qualifiziert',
    [LeadStage.NEGOTIATING]: 'In Verhandlung',
    [LeadStage.WON]: 'Gewonnen',
    [LeadStage.LOST]: 'Verloren',
    [LeadStage.ON_HOLD]: 'Zurückgestellt',
  },
  meetingStatus: { [MeetingStatus.HELD]: 'durchgeführt', [MeetingStatus.PLANNED]: 'geplant', [MeetingStatus.CANCELLED]: 'abgesagt' },
  meetingKind: {
    [MeetingKind.VISIT]: 'Besuch',
    [MeetingKind.TALK]: 'Gespräch',
    [MeetingKind.B2B]: 'B2B-Gespräche',
    [MeetingKind.CALL]: 'Telefonat',
    [MeetingKind.VIDEO_CALL]: 'Videokonferenz',
    [MeetingKind.EVENT]: 'Veranstaltung',
  },
  organisationKind: {
    [OrganisationKind.COMPANY]: 'Unternehmen',
    [OrganisationKind.PUBLIC_AUTHORITY]: 'Öffentliche Verwaltung',
    [OrganisationKind.MINISTRY]: 'Ministerium',
    [OrganisationKind.NETWORK]: 'Netzwerk',
    [OrganisationKind.RESEARCH]: 'Forschungseinrichtung',
    [OrganisationKind.ASSOCIATION]: 'Verband',
    [OrganisationKind.OTHER]: 'Sonstige',
  },
  tripKind: {
    [TripKind.DELEGATION]: 'Delegationsreise',
    [TripKind.TRADE_FAIR]: 'Messe',
    [TripKind.CONFERENCE]: 'Konferenz',
    [TripKind.INCOMING_VISIT]: 'Besuch in Sachsen',
  },
  delegateRole: {
    [DelegateRole.HEAD]: 'Leitung',
    [DelegateRole.DELEGATE]: 'Delegation',
    [DelegateRole.ORGANISER]: 'Organisation',
    [DelegateRole.STAFF]: 'Begleitung',
  },
};

const en: ReportLabels = {
  locale: 'en-GB',
  documentTitle: 'Trip report',
  fileStem: 'trip-report',
  period: 'Dates',
  destinations: 'Destinations',
  objectives: 'Objectives',
  delegation: 'Delegation',
  asOf: 'As of',
  asOfToday: 'today',
  asOfEndOf: (day) => `end of ${day}`,
  generatedAt: 'Generated on',
  keyFigures: 'Key figures',
  figures: {
    meetings: 'Programme items',
    meetingsHeld: 'held',
    meetingsPlanned: 'planned',
    meetingsCancelled: 'cancelled',
    organisations: 'Organisations met',
    organisationsNew: 'met for the first time',
    organisationsKnown: 'known before',
    peopleMet: 'People met',
    peopleMetForFirstTime: 'met for the first time',
    leadsOpened: 'Leads opened',
    leadsValue: 'estimated value',
    leadsJobs: 'potential jobs',
    partnerships: 'Partnerships formed',
    partnershipsValue: 'value',
    partnershipsJobs: 'potential jobs',
    commitmentsKept: 'Commitments kept',
    commitmentsOpen: 'open',
    commitmentsOverdue: 'overdue',
  },
  groups: {
    meetings: 'Meetings',
    organisations: 'Organisations',
    people: 'People',
    contacts: 'Contacts',
    leads: 'Leads',
    partnerships: 'Partnerships',
    commitments: 'Commitments',
  },
  charts: {
    funnel: 'Leads by stage',
    meetingsPerDay: 'Meetings per day',
    noLeads: 'No leads from this trip',
    noMeetings: 'No meetings in the programme',
    count: 'Count',
  },
  sections: {
    leads: 'Leads from the trip',
    partnerships: 'Partnerships',
    openCommitments: 'Open commitments',
    meetingsByKind: 'Meetings held by kind',
    meetingsByCity: 'Meetings held by place',
    organisationsByCountry: 'Organisations by country',
    organisationsByKind: 'Organisations by kind',
    newContacts: 'New contacts',
  },
  columns: {
    lead: 'Lead',
    stage: 'Stage',
    since: 'since',
    value: 'Value',
    jobs: 'Jobs',
    partnership: 'Partnership',
    signedOn: 'signed on',
    commitment: 'Commitment',
    dueOn: 'due on',
    kind: 'Kind',
    city: 'Place',
    country: 'Country',
    count: 'Count',
    total: 'total',
    new: 'new',
    known: 'known',
  },
  none: 'none',
  unknown: 'unknown',
  noDueDate: 'no due date',
  page: (page, pages) => `Page ${page} of ${pages}`,
  stage: {
    [LeadStage.NEW]: 'New',
    [LeadStage.CONTACTED]: 'Contacted',
    [LeadStage.QUALIFIED]: 'Qualified',
    [LeadStage.NEGOTIATING]: 'Negotiating',
    [LeadStage.WON]: 'Won',
    [LeadStage.LOST]: 'Lost',
    [LeadStage.ON_HOLD]: 'On hold',
  },
  meetingStatus: { [MeetingStatus.HELD]: 'held', [MeetingStatus.PLANNED]: 'planned', [MeetingStatus.CANCELLED]: 'cancelled' },
  meetingKind: {
    [MeetingKind.VISIT]: 'Visit',
    [MeetingKind.TALK]: 'Talk',
    [MeetingKind.B2B]: 'B2B meetings',
    [MeetingKind.CALL]: 'Call',
    [MeetingKind.VIDEO_CALL]: 'Video call',
    [MeetingKind.EVENT]: 'Event',
  },
  organisationKind: {
    [OrganisationKind.COMPANY]: 'Company',
    [OrganisationKind.PUBLIC_AUTHORITY]: 'Public authority',
    [OrganisationKind.MINISTRY]: 'Ministry',
    [OrganisationKind.NETWORK]: 'Network',
    [OrganisationKind.RESEARCH]: 'Research institution',
    [OrganisationKind.ASSOCIATION]: 'Association',
    [OrganisationKind.OTHER]: 'Other',
  },
  tripKind: {
    [TripKind.DELEGATION]: 'Delegation trip',
    [TripKind.TRADE_FAIR]: 'Trade fair',
    [TripKind.CONFERENCE]: 'Conference',
    [TripKind.INCOMING_VISIT]: 'Incoming visit',
  },
  delegateRole: {
    [DelegateRole.HEAD]: 'head',
    [DelegateRole.DELEGATE]: 'delegate',
    [DelegateRole.ORGANISER]: 'organiser',
    [DelegateRole.STAFF]: 'staff',
  },
};

const LABELS: Record<ReportLanguage, ReportLabels> = { de, en };

/** A calendar day `YYYY-MM-DD` as the Date at its UTC midnight, so formatting in UTC shows that very day. */
function utcDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

/** Labels plus number and date formats of one language: everything a renderer needs to localise. */
export class ReportLocale {
  readonly labels: ReportLabels;
  private readonly integer: Intl.NumberFormat;
  private readonly euro: Intl.NumberFormat;
  private readonly dayFormat: Intl.DateTimeFormat;
  private readonly shortDayFormat: Intl.DateTimeFormat;
  private readonly instantDayFormat: Intl.DateTimeFormat;
  private readonly instantFormat: Intl.DateTimeFormat;
  private readonly regions: Intl.DisplayNames;

  constructor(readonly language: ReportLanguage) {
    this.labels = LABELS[language];
    const locale = this.labels.locale;
    this.integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    this.euro = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
    // de: 24.05.2024; en: 24 May 2024 (a written month cannot be misread as US order).
    const dayOptions: Intl.DateTimeFormatOptions =
      language === 'de' ? { day: '2-digit', month: '2-digit', year: 'numeric' } : { day: 'numeric', month: 'short', year: 'numeric' };
    this.dayFormat = new Intl.DateTimeFormat(locale, { ...dayOptions, timeZone: 'UTC' });
    this.shortDayFormat = new Intl.DateTimeFormat(locale, {
      ...(language === 'de' ? { day: '2-digit', month: '2-digit' } : { day: 'numeric', month: 'short' }),
      weekday: 'short',
      timeZone: 'UTC',
    });
    this.instantDayFormat = new Intl.DateTimeFormat(locale, { ...dayOptions, timeZone: REPORT_TIME_ZONE });
    this.instantFormat = new Intl.DateTimeFormat(locale, { ...dayOptions, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: REPORT_TIME_ZONE });
    this.regions = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
  }

  number(value: number): string {
    return this.integer.format(value);
  }

  money(value: number | null): string {
    return value === null ? '–' : this.euro.format(value);
  }

  /** A calendar day `YYYY-MM-DD`: de 24.05.2024, en 24 May 2024. */
  day(day: string): string {
    return this.dayFormat.format(utcDay(day));
  }

  /** A day on a chart axis: de "Mo., 13.05.", en "Mon 13 May". */
  shortDay(day: string): string {
    return this.shortDayFormat.format(utcDay(day));
  }

  dayRange(from: string, to: string): string {
    return from === to ? this.day(from) : `${this.day(from)} – ${this.day(to)}`;
  }

  /** The day of an instant, in the agency's time zone. */
  dayOf(instant: Date): string {
    return this.instantDayFormat.format(instant);
  }

  dateTime(instant: Date): string {
    return this.instantFormat.format(instant);
  }

  country(code: string | null): string {
    if (!code) return this.labels.unknown;
    try {
      return this.regions.of(code) ?? code;
    } catch {
      return code;
    }
  }

  /** A breakdown key the report leaves null when it is unknown (no city found). */
  orUnknown(value: string | null): string {
    return value ?? this.labels.unknown;
  }
}
