import { Injectable } from '@nestjs/common';
import { ConfidentialReadsLog } from '../access/confidential-reads.plugin';
import { LiaisonException } from '../common/errors/liaison.exception';
import { LeadStage } from '../leads/lead.enums';
import { ActivityReport } from './activity-report.model';
import { ActivityReportArgs } from './dto/activity-report.args';
import { FollowUpReportArgs } from './dto/follow-up-report.args';
import { PipelineReportArgs } from './dto/pipeline-report.args';
import { TripReportArgs } from './dto/trip-report.args';
import { FollowUpReport } from './follow-up-report.model';
import { PipelineReport, PipelineStageFigures } from './pipeline-report.model';
import { CountRow, NewKnownRow, ReportingRepository, StageRow } from './reporting.repository';
import { KeyCount, NewKnownCount, TripReport } from './trip-report.model';

/** Each stage's successor on the way to WON; the others lead nowhere further. */
const NEXT_STAGE: Partial<Record<LeadStage, LeadStage>> = {
  [LeadStage.NEW]: LeadStage.CONTACTED,
  [LeadStage.CONTACTED]: LeadStage.QUALIFIED,
  [LeadStage.QUALIFIED]: LeadStage.NEGOTIATING,
  [LeadStage.NEGOTIATING]: LeadStage.WON,
};

const MAX_ACTIVITY_YEARS = 5;

function conversionRates(rows: StageRow[]): PipelineStageFigures[] {
  const reached = new Map(rows.map((row) => [row.stage, row.reached]));
  return rows.map((row) => {
    const next = NEXT_STAGE[row.stage];
    const conversionRate = next && row.reached > 0 ? (reached.get(next) ?? 0) / row.reached : null;
    return { ...row, conversionRate };
  });
}

function countsOf(rows: CountRow[], dimension: string): KeyCount[] {
  return rows.filter((row) => row.dimension === dimension).map(({ key, count }) => ({ key, count }));
}

function newKnown(rows: NewKnownRow[], dimension: NewKnownRow['dimension']): NewKnownCount[] {
  return rows
    .filter((row) => row.dimension === dimension)
    .map((row) => ({ key: row.key, total: row.total, new: row.new, alreadyKnown: row.total - row.new }));
}

/** `to` must not come before `from`; the error names the argument path of `to`. */
function assertOrdered(from: string | undefined, to: string | undefined, toField: string): void {
  if (from && to && to < from) throw LiaisonException.badInput(toField, `${toField} must not be before from (${from})`);
}

/**
 * Reports: figures read with aggregating SQL, shaped for GraphQL here.
 * Confidentiality by team (issue 4) does not exist yet; once it does, every
 * report counts only what the caller may see, through the repository's scopes.
 */
@Injectable()
export class ReportingService {
  constructor(
    private readonly repository: ReportingRepository,
    private readonly confidentialReads: ConfidentialReadsLog,
  ) {}

  async pipeline({ filter = {}, groupBy }: PipelineReportArgs): Promise<PipelineReport> {
    assertOrdered(filter.from, filter.to, 'filter.to');
    const figures = await this.repository.snapshot((db) => this.repository.pipeline(db, filter, groupBy));
    const stages = conversionRates(figures.stages);
    const groups = figures.groups;
    return {
      asOf: filter.asOf ?? null,
      totalLeads: stages.reduce((sum, stage) => sum + stage.leads, 0),
      totalEstimatedValue: stages.reduce((sum, stage) => sum + stage.estimatedValue, 0),
      stages,
      groupBy,
      groups,
    };
  }

  /** The trip's report; its rows name leads, so confidential ones among them are logged as read. */
  async trip(args: TripReportArgs): Promise<TripReport> {
    const report = await this.tripFigures(args);
    await this.confidentialReads.recordLeads(report.leads.leads.map((lead) => lead.leadId));
    return report;
  }

  private async tripFigures({ tripId, asOf }: TripReportArgs): Promise<TripReport> {
    const { repository } = this;
    // the longest statements first (bench/report-timings.js): two connections share them best that way
    const [organisations, people, meetings, commitments, leads, totals] = await repository.snapshotAll([
      (db) => repository.tripOrganisations(db, tripId),
      (db) => repository.tripPeople(db, tripId),
      (db) => repository.tripMeetings(db, tripId),
      (db) => repository.tripCommitments(db, tripId, asOf),
      (db) => repository.tripLeads(db, tripId, asOf),
      (db) => repository.tripLeadTotals(db, tripId, asOf),
    ]);
    if (!commitments) throw LiaisonException.notFound('Trip', tripId, 'tripId');

    const status = new Map(countsOf(meetings, 'STATUS').map(({ key, count }) => [key, count]));
    const allLeads = totals.find((row) => row.stage === null)!;
    const organisationTotal = organisations.find((row) => row.dimension === 'TOTAL')!;
    return {
      tripId,
      asOf: asOf ?? null,
      meetings: {
        total: [...status.values()].reduce((sum, count) => sum + count, 0),
        held: status.get('HELD') ?? 0,
        planned: status.get('PLANNED') ?? 0,
        cancelled: status.get('CANCELLED') ?? 0,
        byKind: countsOf(meetings, 'KIND'),
        byCity: countsOf(meetings, 'CITY'),
      },
      organisations: {
        total: organisationTotal.total,
        new: organisationTotal.new,
        alreadyKnown: organisationTotal.total - organisationTotal.new,
        byCountry: newKnown(organisations, 'COUNTRY'),
        byKind: newKnown(organisations, 'KIND'),
      },
      peopleMet: people.met,
      peopleMetForFirstTime: people.newContactIds.length,
      newContactIds: people.newContactIds,
      leads: {
        opened: allLeads.leads,
        estimatedValue: allLeads.estimatedValue,
        potentialJobs: allLeads.potentialJobs,
        byStage: totals.filter((row) => row.stage !== null).map((row) => ({ key: row.stage, count: row.leads })),
        leads: leads.map(({ partnershipId: _p, partnershipTitle: _t, signedOn: _s, valueEur: _v, ...lead }) => lead),
      },
      partnerships: {
        formed: allLeads.partnerships,
        valueEur: allLeads.partnershipValue,
        potentialJobs: allLeads.partnershipJobs,
        partnerships: leads
          .filter((lead) => lead.partnershipId !== null)
          .map((lead) => ({
            partnershipId: lead.partnershipId!,
            leadId: lead.leadId,
            title: lead.partnershipTitle!,
            signedOn: lead.signedOn,
            valueEur: lead.valueEur,
            potentialJobs: lead.potentialJobs,
          }))
          .sort((a, b) => (a.signedOn ?? '').localeCompare(b.signedOn ?? '')),
      },
      commitments: {
        kept: commitments.kept,
        open: commitments.open,
        overdue: commitments.overdue,
        openTaskIds: commitments.openTaskIds,
      },
    };
  }

  async followUps(args: FollowUpReportArgs): Promise<FollowUpReport> {
    const report = await this.followUpFigures(args);
    await this.confidentialReads.recordLeads([...report.staleLeads, ...report.upcomingNextSteps].map((row) => row.leadId));
    return report;
  }

  private followUpFigures({ staleDays, upcomingDays }: FollowUpReportArgs): Promise<FollowUpReport> {
    return this.repository.snapshot(async (db) => ({
      staleDays,
      upcomingDays,
      overdueTasksByAssignee: await this.repository.overdueTasksByAssignee(db),
      staleLeads: await this.repository.staleLeads(db, staleDays),
      upcomingNextSteps: await this.repository.upcomingNextSteps(db, upcomingDays),
      pastDueCommitmentIds: await this.repository.pastDueCommitmentIds(db),
    }));
  }

  async activity({ from, to, interval }: ActivityReportArgs): Promise<ActivityReport> {
    assertOrdered(from, to, 'to');
    const limit = new Date(`${from}T00:00:00Z`);
    limit.setUTCFullYear(limit.getUTCFullYear() + MAX_ACTIVITY_YEARS);
    if (new Date(`${to}T00:00:00Z`) > limit) {
      throw LiaisonException.badInput('to', `to must be at most ${MAX_ACTIVITY_YEARS} years after from`);
    }
    return { from, to, interval, periods: await this.repository.activity(from, to, interval) };
  }
}
