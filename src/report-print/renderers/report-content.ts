import { MeetingKind } from '../../meetings/meeting.enums';
import { OrganisationKind } from '../../organisations/organisation-kind.enum';
import { KeyCount, NewKnownCount } from '../../reporting/trip-report.model';
import { ReportLocale } from '../i18n/labels';
import { PrintableTripReport } from '../printable-trip-report';

/** One figure, formatted; `key` names it for readers of the markup (`leads.estimatedValue`). */
export interface Figure {
  key: string;
  value: string;
  label: string;
}

export interface FigureGroup {
  title: string;
  main: Figure;
  details: Figure[];
}

export interface ContentTable {
  title: string;
  headers: string[];
  /** Per column: right-aligned figures. */
  numeric: boolean[];
  rows: string[][];
}

/**
 * The report as localised text, laid out by neither renderer yet: the HTML
 * page and the PDF show exactly the same words and numbers.
 */
export interface TripReportContent {
  language: string;
  /** "Reisebericht: <trip name>" */
  title: string;
  kicker: string;
  heading: string;
  meta: { key: string; label: string; value: string }[];
  keyFiguresTitle: string;
  figureGroups: FigureGroup[];
  chartsTitle: string;
  funnelCaption: string;
  meetingsCaption: string;
  leadTables: ContentTable[];
  breakdownsTitle: string;
  breakdowns: ContentTable[];
  newContacts: { title: string; names: string[] };
  none: string;
  footer: string;
  /** ASCII file name without extension: reisebericht-delegationsreise-norditalien-2024 */
  fileName: string;
}

const TRANSLITERATION: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D' };

/** `Delegationsreise Norditalien 2024` -> `delegationsreise-norditalien-2024`; safe in any Content-Disposition. */
export function fileSlug(text: string): string {
  const slug = text
    .replace(/[äöüßÄÖÜłŁđĐ]/g, (char) => TRANSLITERATION[char])
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'trip';
}

function figureGroups({ figures }: PrintableTripReport, locale: ReportLocale): FigureGroup[] {
  const { labels } = locale;
  const f = labels.figures;
  const n = (value: number) => locale.number(value);
  const { meetings, organisations, leads, partnerships, commitments } = figures;
  return [
    {
      title: labels.groups.meetings,
      main: { key: 'meetings.total', value: n(meetings.total), label: f.meetings },
      details: [
        { key: 'meetings.held', value: n(meetings.held), label: f.meetingsHeld },
        { key: 'meetings.planned', value: n(meetings.planned), label: f.meetingsPlanned },
        { key: 'meetings.cancelled', value: n(meetings.cancelled), label: f.meetingsCancelled },
      ],
    },
    {
      title: labels.groups.organisations,
      main: { key: 'organisations.total', value: n(organisations.total), label: f.organisations },
      details: [
        { key: 'organisations.new', value: n(organisations.new), label: f.organisationsNew },
        { key: 'organisations.alreadyKnown', value: n(organisations.alreadyKnown), label: f.organisationsKnown },
      ],
    },
    {
      title: labels.groups.people,
      main: { key: 'peopleMet', value: n(figures.peopleMet), label: f.peopleMet },
      details: [{ key: 'peopleMetForFirstTime', value: n(figures.peopleMetForFirstTime), label: f.peopleMetForFirstTime }],
    },
    {
      title: labels.groups.leads,
      main: { key: 'leads.opened', value: n(leads.opened), label: f.leadsOpened },
      details: [
        { key: 'leads.estimatedValue', value: locale.money(leads.estimatedValue), label: f.leadsValue },
        { key: 'leads.potentialJobs', value: n(leads.potentialJobs), label: f.leadsJobs },
      ],
    },
    {
      title: labels.groups.partnerships,
      main: { key: 'partnerships.formed', value: n(partnerships.formed), label: f.partnerships },
      details: [
        { key: 'partnerships.valueEur', value: locale.money(partnerships.valueEur), label: f.partnershipsValue },
        { key: 'partnerships.potentialJobs', value: n(partnerships.potentialJobs), label: f.partnershipsJobs },
      ],
    },
    {
      title: labels.groups.commitments,
      main: { key: 'commitments.kept', value: n(commitments.kept), label: f.commitmentsKept },
      details: [
        { key: 'commitments.open', value: n(commitments.open), label: f.commitmentsOpen },
        { key: 'commitments.overdue', value: n(commitments.overdue), label: f.commitmentsOverdue },
      ],
    },
  ];
}

function keyCounts(title: string, keyHeader: string, rows: KeyCount[], nameOf: (key: string | null) => string, locale: ReportLocale): ContentTable {
  return {
    title,
    headers: [keyHeader, locale.labels.columns.count],
    numeric: [false, true],
    rows: rows.map((row) => [nameOf(row.key), locale.number(row.count)]),
  };
}

function newKnown(title: string, keyHeader: string, rows: NewKnownCount[], nameOf: (key: string | null) => string, locale: ReportLocale): ContentTable {
  const { columns } = locale.labels;
  return {
    title,
    headers: [keyHeader, columns.total, columns.new, columns.known],
    numeric: [false, true, true, true],
    rows: rows.map((row) => [nameOf(row.key), locale.number(row.total), locale.number(row.new), locale.number(row.alreadyKnown)]),
  };
}

export function tripReportContent(report: PrintableTripReport, locale: ReportLocale): TripReportContent {
  const { labels } = locale;
  const { trip, figures } = report;
  const { columns, sections } = labels;
  const meta = [
    { key: 'period', label: labels.period, value: locale.dayRange(trip.startDate, trip.endDate) },
    {
      key: 'destinations',
      label: labels.destinations,
      value: trip.destinations.map((place) => `${place.city} (${locale.country(place.country)})`).join(', '),
    },
    {
      key: 'delegation',
      label: labels.delegation,
      value: report.delegation.map((member) => `${member.name} (${labels.delegateRole[member.role]})`).join(', '),
    },
    { key: 'objectives', label: labels.objectives, value: trip.objectives ?? '' },
    { key: 'asOf', label: labels.asOf, value: figures.asOf ? labels.asOfEndOf(locale.day(figures.asOf)) : labels.asOfToday },
    { key: 'generatedAt', label: labels.generatedAt, value: locale.dateTime(report.generatedAt) },
  ].filter((entry) => entry.value !== '');
  const kindName = (key: string | null) => (key ? (labels.meetingKind[key as MeetingKind] ?? key) : labels.unknown);
  const organisationKindName = (key: string | null) => (key ? (labels.organisationKind[key as OrganisationKind] ?? key) : labels.unknown);
  const orDash = (value: number | null, format: (value: number) => string) => (value === null ? '–' : format(value));

  return {
    language: locale.language,
    title: `${labels.documentTitle}: ${trip.name}`,
    kicker: `${labels.documentTitle} · ${labels.tripKind[trip.kind]}`,
    heading: trip.name,
    meta,
    keyFiguresTitle: labels.keyFigures,
    figureGroups: figureGroups(report, locale),
    chartsTitle: `${labels.groups.leads} · ${labels.groups.meetings}`,
    funnelCaption: labels.charts.funnel,
    meetingsCaption: labels.charts.meetingsPerDay,
    leadTables: [
      {
        title: sections.leads,
        headers: [columns.lead, columns.stage, columns.since, columns.value, columns.jobs],
        numeric: [false, false, false, true, true],
        rows: figures.leads.leads.map((lead) => [
          lead.title,
          labels.stage[lead.stage],
          locale.dayOf(lead.stageSince),
          locale.money(lead.estimatedValue),
          orDash(lead.potentialJobs, (jobs) => locale.number(jobs)),
        ]),
      },
      {
        title: sections.partnerships,
        headers: [columns.partnership, columns.signedOn, columns.value],
        numeric: [false, false, true],
        rows: figures.partnerships.partnerships.map((partnership) => [
          partnership.title,
          partnership.signedOn ? locale.day(partnership.signedOn) : '–',
          locale.money(partnership.valueEur),
        ]),
      },
      {
        title: sections.openCommitments,
        headers: [columns.commitment, columns.dueOn],
        numeric: [false, false],
        rows: report.openCommitments.map((commitment) => [
          commitment.title,
          commitment.dueDate ? locale.day(commitment.dueDate) : labels.noDueDate,
        ]),
      },
    ],
    breakdownsTitle: `${labels.groups.meetings} · ${labels.groups.contacts}`,
    breakdowns: [
      keyCounts(sections.meetingsByKind, columns.kind, figures.meetings.byKind, kindName, locale),
      keyCounts(sections.meetingsByCity, columns.city, figures.meetings.byCity, (key) => locale.orUnknown(key), locale),
      newKnown(sections.organisationsByCountry, columns.country, figures.organisations.byCountry, (key) => locale.country(key), locale),
      newKnown(sections.organisationsByKind, columns.kind, figures.organisations.byKind, organisationKindName, locale),
    ],
    newContacts: { title: sections.newContacts, names: report.newContacts },
    none: labels.none,
    footer: `${labels.documentTitle} · ${trip.name} · Liaison · ${locale.dateTime(report.generatedAt)}`,
    fileName: `${labels.fileStem}-${fileSlug(trip.name)}-${figures.asOf ?? report.generatedAt.toISOString().slice(0, 10)}`,
  };
}
