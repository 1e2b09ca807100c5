import { TripReportCharts } from './charts.renderer';
import { ContentTable, TripReportContent } from './report-content';

/** Markup that is already safe: built by `html`, or trusted (the stylesheet, the server-rendered chart SVG). */
class SafeHtml {
  constructor(readonly value: string) {}
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]);
}

function markup(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(markup).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** A template whose every interpolation is escaped unless it is SafeHtml: data cannot become markup by omission. */
function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, text, i) => out + markup(values[i - 1]) + text));
}

function trusted(text: string): SafeHtml {
  return new SafeHtml(text);
}

/**
 * The page's own policy: no script, nothing loaded, inline styles only. The
 * API's default policy (default-src 'none') would drop the styles.
 */
export const REPORT_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const STYLE = `
@page { size: A4; margin: 16mm 15mm 18mm; }
* { box-sizing: border-box; }
html { background: #e9edf2; }
body { margin: 0; color: #1a1a1a; font: 10.5pt/1.4 Helvetica, Arial, "Liberation Sans", sans-serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
main { width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 16mm 15mm 18mm; background: #fff;
  box-shadow: 0 1px 6px rgba(0, 0, 0, .15); }
@media print {
  html { background: none; }
  main { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
}
.kicker { margin: 0; font-size: 8.5pt; letter-spacing: .06em; text-transform: uppercase; color: #555; }
h1 { margin: 2pt 0 8pt; font-size: 20pt; line-height: 1.2; color: #10325c; }
h2 { margin: 16pt 0 6pt; padding-bottom: 2pt; border-bottom: 1.5pt solid #1d4e89; font-size: 12.5pt; color: #1d4e89;
  break-after: avoid; }
h3 { margin: 10pt 0 4pt; font-size: 10.5pt; break-after: avoid; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2pt 10pt; margin: 0; }
dl.meta dt { font-weight: bold; color: #444; }
dl.meta dd { margin: 0; }
.figures { display: grid; grid-template-columns: repeat(3, 1fr); gap: 6pt; }
.figure { padding: 6pt 8pt; border: .75pt solid #c9d3df; border-radius: 3pt; break-inside: avoid; }
.figure .group { font-size: 8.5pt; letter-spacing: .04em; text-transform: uppercase; color: #555; }
.figure .value { font-size: 18pt; font-weight: bold; color: #1d4e89; }
.figure ul { margin: 2pt 0 0; padding: 0; list-style: none; font-size: 9pt; color: #333; }
.figure li b { color: #1a1a1a; }
figure.chart { margin: 0 0 10pt; break-inside: avoid; }
figure.chart figcaption { margin-bottom: 4pt; font-weight: bold; }
figure.chart svg { display: block; width: 100%; height: auto; }
table { width: 100%; margin-bottom: 6pt; border-collapse: collapse; font-size: 9.5pt; }
th, td { padding: 3pt 4pt; border-bottom: .5pt solid #d5dbe3; text-align: left; vertical-align: top; }
th { border-bottom: 1pt solid #888; font-size: 8.5pt; font-weight: bold; text-transform: uppercase; color: #555; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 0 14pt; }
.none { color: #666; font-style: italic; }
footer { margin-top: 16pt; font-size: 8pt; color: #666; }
`;

function contentTable({ title, headers, numeric, rows }: ContentTable, none: string, heading: 'h2' | 'h3' = 'h3'): SafeHtml {
  const titleMarkup = heading === 'h2' ? html`<h2>${title}</h2>` : html`<h3>${title}</h3>`;
  if (rows.length === 0) return html`${titleMarkup}\n<p class="none">${none}</p>\n`;
  const cell = (tag: 'th' | 'td', text: string, i: number) =>
    tag === 'th' ? html`<th${trusted(numeric[i] ? ' class="num"' : '')}>${text}</th>` : html`<td${trusted(numeric[i] ? ' class="num"' : '')}>${text}</td>`;
  return html`${titleMarkup}
<table>
<thead><tr>${headers.map((header, i) => cell('th', header, i))}</tr></thead>
<tbody>
${rows.map((row) => html`<tr>${row.map((text, i) => cell('td', text, i))}</tr>\n`)}</tbody>
</table>
`;
}

/** The printable trip report as one self-contained UTF-8 page: no script, charts inline as SVG, A4 print styles. */
export function renderTripReportHtml(content: TripReportContent, charts: TripReportCharts): string {
  const [leads, ...leadTables] = content.leadTables;
  return html`<!DOCTYPE html>
<html lang="${content.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${content.title}</title>
<style>${trusted(STYLE)}</style>
</head>
<body>
<main>
<header>
<p class="kicker">${content.kicker}</p>
<h1>${content.heading}</h1>
<dl class="meta">
${content.meta.map((entry) => html`<dt>${entry.label}</dt><dd data-field="${entry.key}">${entry.value}</dd>\n`)}</dl>
</header>

<section>
<h2>${content.keyFiguresTitle}</h2>
<div class="figures">
${content.figureGroups.map(
  (group) => html`<div class="figure">
<div class="group">${group.title}</div>
<div class="value" data-figure="${group.main.key}">${group.main.value}</div>
<div class="label">${group.main.label}</div>
<ul>${group.details.map((detail) => html`<li><b data-figure="${detail.key}">${detail.value}</b> ${detail.label}</li>`)}</ul>
</div>
`,
)}</div>
</section>

<section>
<h2>${content.chartsTitle}</h2>
<figure class="chart" id="funnel-chart">
<figcaption>${content.funnelCaption}</figcaption>
${trusted(charts.funnel)}
</figure>
<figure class="chart" id="meetings-chart">
<figcaption>${content.meetingsCaption}</figcaption>
${trusted(charts.meetingsPerDay)}
</figure>
</section>

<section>
${contentTable(leads, content.none, 'h2')}${leadTables.map((table) => contentTable(table, content.none))}</section>

<section>
<h2>${content.breakdownsTitle}</h2>
<div class="columns">
${content.breakdowns.map((table) => html`<div>${contentTable(table, content.none)}</div>\n`)}</div>
<h3>${content.newContacts.title}</h3>
${content.newContacts.names.length ? html`<p data-field="newContacts">${content.newContacts.names.join(', ')}</p>` : html`<p class="none">${content.none}</p>`}
</section>

<footer>${content.footer}</footer>
</main>
</body>
</html>
`.value;
}
