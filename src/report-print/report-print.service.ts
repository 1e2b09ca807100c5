import { Injectable } from '@nestjs/common';
import { LoaderRegistry } from '../common/dataloader/loader-registry';
import { MeetingsService } from '../meetings/meetings.service';
import { Person } from '../people/person.model';
import { PeopleService } from '../people/people.service';
import { ReportingService } from '../reporting/reporting.service';
import { Task } from '../tasks/task.model';
import { TasksService } from '../tasks/tasks.service';
import { TripsService } from '../trips/trips.service';
import { PrintFormat } from './dto/trip-report-print.query';
import { ReportLanguage, ReportLocale } from './i18n/labels';
import { meetingsPerDay, PrintableTripReport } from './printable-trip-report';
import { renderCharts } from './renderers/charts.renderer';
import { renderTripReportHtml } from './renderers/html.renderer';
import { renderTripReportPdf } from './renderers/pdf.renderer';
import { tripReportContent } from './renderers/report-content';

export interface PrintedDocument {
  format: PrintFormat;
  contentType: string;
  /** ASCII only, with its extension. */
  fileName: string;
  body: Buffer;
}

export function personName(person: Pick<Person, 'title' | 'givenName' | 'familyName'>): string {
  return [person.title, person.givenName, person.familyName].filter(Boolean).join(' ');
}

/** Records by id through the request's loader, in the order given, leaving out any the caller cannot see. */
async function loadAll<T>(loader: { loadMany(ids: readonly string[]): Promise<(T | null | Error)[]> }, ids: readonly string[]): Promise<T[]> {
  return (await loader.loadMany(ids)).filter((row): row is T => row !== null && !(row instanceof Error));
}

/**
 * The trip report for print: the figures come from tripReport unchanged; this
 * service only adds the names behind its ids and the programme per day.
 */
@Injectable()
export class ReportPrintService {
  constructor(
    private readonly reporting: ReportingService,
    private readonly trips: TripsService,
    private readonly meetings: MeetingsService,
    private readonly people: PeopleService,
    private readonly tasks: TasksService,
  ) {}

  async tripReport(tripId: string, asOf?: string): Promise<PrintableTripReport> {
    // NOT_FOUND naming `id` before any figure is read.
    const trip = await this.trips.getById(tripId);
    const figures = await this.reporting.trip({ tripId, asOf });
    const loaders = new LoaderRegistry();
    const [delegates, programme, newContacts, openCommitments] = await Promise.all([
      this.trips.delegatesOf([tripId]),
      this.meetings.programmeOf(tripId, loaders),
      loadAll<Person>(this.people.byId(loaders), figures.newContactIds),
      loadAll<Task>(this.tasks.byId(loaders), figures.commitments.openTaskIds),
    ]);
    const delegatePeople = new Map(
      (await loadAll<Person>(this.people.byId(loaders), delegates.map((delegate) => delegate.personId))).map((person) => [person.id, person]),
    );
    return {
      trip,
      figures,
      delegation: delegates
        .filter((delegate) => delegatePeople.has(delegate.personId))
        .map((delegate) => ({ name: personName(delegatePeople.get(delegate.personId)!), role: delegate.role })),
      newContacts: newContacts.map(personName),
      openCommitments: openCommitments.map((task) => ({ title: task.title, dueDate: task.dueDate })),
      meetingsPerDay: meetingsPerDay(trip, programme),
      generatedAt: new Date(),
    };
  }

  async printTripReport(tripId: string, options: { format: PrintFormat; lang: ReportLanguage; asOf?: string }): Promise<PrintedDocument> {
    const report = await this.tripReport(tripId, options.asOf);
    const locale = new ReportLocale(options.lang);
    const content = tripReportContent(report, locale);
    const charts = renderCharts(report, locale);
    if (options.format === 'pdf') {
      return {
        format: 'pdf',
        contentType: 'application/pdf',
        fileName: `${content.fileName}.pdf`,
        body: await renderTripReportPdf(content, charts, locale.labels.page),
      };
    }
    return {
      format: 'html',
      contentType: 'text/html; charset=utf-8',
      fileName: `${content.fileName}.html`,
      body: Buffer.from(renderTripReportHtml(content, charts), 'utf8'),
    };
  }
}
