import * as echarts from 'echarts';
import { LeadStage } from '../../leads/lead.enums';
import { MeetingStatus } from '../../meetings/meeting.enums';
import { ReportLocale } from '../i18n/labels';
import { PrintableTripReport } from '../printable-trip-report';

/**
 * The page's family; svg-to-pdfkit maps it to Helvetica. No quotes: ECharts
 * writes it into a double-quoted style attribute without escaping.
 */
export const CHART_FONT = 'Helvetica, Arial, Liberation Sans, sans-serif';

export const FUNNEL_SIZE = { width: 640, height: 300 } as const;
export const MEETINGS_SIZE = { width: 640, height: 260 } as const;

/** Darker for further along the pipeline. */
const STAGE_COLOURS: Record<LeadStage, string> = {
  [LeadStage.NEW]: '#9bb7d4',
  [LeadStage.CONTACTED]: '#6f97c2',
  [LeadStage.QUALIFIED]: '#4677ad',
  [LeadStage.NEGOTIATING]: '#285a94',
  [LeadStage.WON]: '#2e7d32',
  [LeadStage.LOST]: '#8a8a8a',
  [LeadStage.ON_HOLD]: '#b0761b',
};

const LIGHT_STAGES = new Set([LeadStage.NEW, LeadStage.CONTACTED]);

const STATUS_COLOURS: Record<MeetingStatus, string> = {
  [MeetingStatus.HELD]: '#1d4e89',
  [MeetingStatus.PLANNED]: '#8fb3dc',
  [MeetingStatus.CANCELLED]: '#c4c4c4',
};

export interface TripReportCharts {
  funnel: string;
  meetingsPerDay: string;
}

/** A static picture: no animation and no hover highlight, the same on screen, on paper and in the PDF. */
const STATIC = { silent: true, emphasis: { disabled: true } } as const;

/** Renders one chart to an SVG string on the server (ECharts SSR, no DOM). */
function renderSvg(size: { width: number; height: number }, option: echarts.EChartsOption): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function emptyChart(text: string): echarts.EChartsOption {
  return { title: { text, left: 'center', top: 'middle', textStyle: { color: '#666666', fontSize: 14, fontWeight: 'normal' } } };
}

/** The trip's leads by stage at asOf, in pipeline order: the tripReport's byStage, as a funnel. */
export function funnelChart({ figures }: PrintableTripReport, locale: ReportLocale): string {
  const stages = figures.leads.byStage.filter((row) => row.count > 0);
  if (stages.length === 0) return renderSvg(FUNNEL_SIZE, emptyChart(locale.labels.charts.noLeads));
  const most = Math.max(...stages.map((row) => row.count));
  return renderSvg(FUNNEL_SIZE, {
    series: [
      {
        type: 'funnel',
        ...STATIC,
        sort: 'none',
        left: 60,
        right: 60,
        top: 8,
        bottom: 8,
        gap: 3,
        min: 0,
        max: most,
        // A stage with one lead must still hold its label.
        minSize: '34%',
        maxSize: '100%',
        label: { show: true, position: 'inside', color: '#ffffff', fontSize: 13, fontWeight: 'bold', formatter: '{b}: {c}' },
        labelLine: { show: false },
        itemStyle: { borderWidth: 0 },
        data: stages.map((row) => ({
          name: locale.labels.stage[row.key as LeadStage] ?? row.key ?? locale.labels.unknown,
          value: row.count,
          itemStyle: { color: STAGE_COLOURS[row.key as LeadStage] ?? '#777777' },
          // White reads badly on the two light blues.
          label: { color: LIGHT_STAGES.has(row.key as LeadStage) ? '#10325c' : '#ffffff' },
        })),
      },
    ],
  });
}

/** Programme items per day of the trip, stacked by status. */
export function meetingsPerDayChart({ meetingsPerDay }: PrintableTripReport, locale: ReportLocale): string {
  if (!meetingsPerDay.some((day) => day.held + day.planned + day.cancelled > 0)) {
    return renderSvg(MEETINGS_SIZE, emptyChart(locale.labels.charts.noMeetings));
  }
  const statuses = [
    [MeetingStatus.HELD, 'held'],
    [MeetingStatus.PLANNED, 'planned'],
    [MeetingStatus.CANCELLED, 'cancelled'],
  ] as const;
  return renderSvg(MEETINGS_SIZE, {
    legend: { top: 0, selectedMode: false, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 12 } },
    grid: { left: 44, right: 16, top: 34, bottom: 30 },
    xAxis: {
      type: 'category',
      data: meetingsPerDay.map((day) => locale.shortDay(day.day)),
      axisTick: { alignWithLabel: true },
      axisLabel: { fontSize: 11, color: '#333333' },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      name: locale.labels.charts.count,
      nameTextStyle: { fontSize: 11, color: '#555555' },
      axisLabel: { fontSize: 11, color: '#333333' },
    },
    series: statuses.map(([status, field]) => ({
      type: 'bar' as const,
      ...STATIC,
      name: locale.labels.meetingStatus[status],
      stack: 'day',
      barMaxWidth: 56,
      itemStyle: { color: STATUS_COLOURS[status] },
      label: {
        show: true,
        position: 'inside' as const,
        fontSize: 11,
        color: status === MeetingStatus.HELD ? '#ffffff' : '#1a1a1a',
        // Zero-height segments get no "0" drawn over the axis.
        formatter: (params: { value: unknown }) => (Number(params.value) > 0 ? String(params.value) : ''),
      },
      data: meetingsPerDay.map((day) => day[field]),
    })),
  });
}

export function renderCharts(report: PrintableTripReport, locale: ReportLocale): TripReportCharts {
  return { funnel: funnelChart(report, locale), meetingsPerDay: meetingsPerDayChart(report, locale) };
}
