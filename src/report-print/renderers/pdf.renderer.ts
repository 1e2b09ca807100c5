import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { FUNNEL_SIZE, MEETINGS_SIZE, TripReportCharts } from './charts.renderer';
import { ContentTable, TripReportContent } from './report-content';

type Doc = PDFKit.PDFDocument;

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 50, bottom: 62, left: 50, right: 50 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;

const COLOUR = { text: '#1a1a1a', heading: '#10325c', accent: '#1d4e89', muted: '#555555', rule: '#d5dbe3', box: '#c9d3df' };
const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' };

/*
 * The standard Helvetica needs no font file and covers WinAnsi (Latin-1 plus
 * € „ " – and a few more): every German and Italian letter. Anything outside
 * would come out as garbage glyphs, so it is mapped to its base letter
 * (ř -> r, ł -> l) or, failing that, to "?".
 */
const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const BASE_LETTERS: Record<string, string> = { ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ı: 'i', ħ: 'h', Ħ: 'H' };

function isWinAnsi(char: string): boolean {
  const code = char.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || code === 0x0a || WIN_ANSI_EXTRAS.has(char);
}

export function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    if (isWinAnsi(char)) out += char;
    else if (/\s/.test(char)) out += ' ';
    else {
      const base = BASE_LETTERS[char] ?? char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += base.length > 0 && [...base].every(isWinAnsi) ? base : '?';
    }
  }
  return out;
}

class PdfLayout {
  constructor(readonly doc: Doc) {}

  get y(): number {
    return this.doc.y;
  }

  /** Starts a new page unless `height` still fits on this one. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > BOTTOM) this.doc.addPage();
  }

  text(text: string, x: number, y: number, options: PDFKit.Mixins.TextOptions & { font?: string; size?: number; colour?: string } = {}) {
    const { font = FONT.regular, size = 10, colour = COLOUR.text, ...textOptions } = options;
    this.doc.font(font).fontSize(size).fillColor(colour).text(toWinAnsi(text), x, y, textOptions);
  }

  heightOf(text: string, width: number, font = FONT.regular, size = 10): number {
    return this.doc.font(font).fontSize(size).heightOfString(toWinAnsi(text), { width });
  }

  sectionHeading(title: string, keepWith: number): void {
    this.doc.y += 12;
    this.ensureSpace(28 + keepWith);
    const y = this.doc.y;
    this.text(title, MARGIN.left, y, { font: FONT.bold, size: 12.5, colour: COLOUR.accent, width: CONTENT_WIDTH });
    const ruleY = this.doc.y + 1;
    this.doc.moveTo(MARGIN.left, ruleY).lineTo(MARGIN.left + CONTENT_WIDTH, ruleY).lineWidth(1.5).strokeColor(COLOUR.accent).stroke();
    this.doc.y = ruleY + 7;
  }

  subHeading(title: string, x: number, width: number): void {
    this.text(title, x, this.doc.y, { font: FONT.bold, size: 10.5, width });
    this.doc.y += 3;
  }

  /** Columns after the first as wide as their widest text (at most an equal share); the first (names, titles) takes the rest. */
  private columnWidths(table: ContentTable, width: number): number[] {
    const measure = (text: string, font: string, size: number) => this.doc.font(font).fontSize(size).widthOfString(toWinAnsi(text));
    const widths = table.headers.map((header, i) => {
      if (i === 0) return 0;
      const widest = Math.max(measure(header.toUpperCase(), FONT.bold, 8), ...table.rows.map((row) => measure(row[i], FONT.regular, 9.5)));
      return Math.min(widest + 10, width / (table.headers.length + 1));
    });
    widths[0] = width - widths.reduce((sum, w) => sum + w, 0);
    return widths;
  }

  tableHeight(table: ContentTable, width: number): number {
    if (table.rows.length === 0) return 34;
    const widths = this.columnWidths(table, width);
    const rowHeight = (cells: string[], font: string, size: number) =>
      Math.max(...cells.map((cell, i) => this.heightOf(cell, widths[i] - 8, font, size))) + 6;
    return 18 + rowHeight(table.headers, FONT.bold, 8) + table.rows.reduce((sum, row) => sum + rowHeight(row, FONT.regular, 9.5), 0);
  }

  /** A table at x with the given width, under its title; rows move to a new page (header repeated) when the page is full. */
  table(table: ContentTable, none: string, { x = MARGIN.left, width = CONTENT_WIDTH, titled = true } = {}): void {
    if (titled) this.subHeading(table.title, x, width);
    if (table.rows.length === 0) {
      this.text(none, x, this.doc.y, { font: FONT.italic, size: 9.5, colour: COLOUR.muted, width });
      this.doc.y += 6;
      return;
    }
    const widths = this.columnWidths(table, width);
    const drawRow = (cells: string[], header: boolean) => {
      const font = header ? FONT.bold : FONT.regular;
      const size = header ? 8 : 9.5;
      const cellTexts = header ? cells.map((cell) => cell.toUpperCase()) : cells;
      const height = Math.max(...cellTexts.map((cell, i) => this.heightOf(cell, widths[i] - 8, font, size))) + 6;
      if (this.doc.y + height > BOTTOM) {
        this.doc.addPage();
        if (!header) drawRow(table.headers, true);
      }
      const top = this.doc.y;
      let left = x;
      cellTexts.forEach((cell, i) => {
        this.text(cell, left + 4, top + 3, {
          font,
          size,
          colour: header ? COLOUR.muted : COLOUR.text,
          width: widths[i] - 8,
          align: table.numeric[i] ? 'right' : 'left',
        });
        left += widths[i];
      });
      const bottom = top + height;
      this.doc.moveTo(x, bottom).lineTo(x + width, bottom).lineWidth(header ? 1 : 0.5).strokeColor(header ? '#888888' : COLOUR.rule).stroke();
      this.doc.y = bottom;
    };
    drawRow(table.headers, true);
    for (const row of table.rows) drawRow(row, false);
    this.doc.y += 8;
  }

  svg(svg: string, size: { width: number; height: number }, caption: string): void {
    const height = (CONTENT_WIDTH * size.height) / size.width;
    this.ensureSpace(height + 22);
    this.text(caption, MARGIN.left, this.doc.y, { font: FONT.bold, size: 10.5, width: CONTENT_WIDTH });
    const top = this.doc.y + 4;
    SVGtoPDF(this.doc, svg, MARGIN.left, top, {
      width: CONTENT_WIDTH,
      height,
      preserveAspectRatio: 'xMinYMin meet',
      fontCallback: (_family, bold) => (bold ? FONT.bold : FONT.regular),
      // ECharts' hover rules and pointer-events mean nothing on paper.
      warningCallback: () => undefined,
    });
    this.doc.y = top + height + 10;
  }
}

function drawHeader(layout: PdfLayout, content: TripReportContent): void {
  layout.text(content.kicker.toUpperCase(), MARGIN.left, MARGIN.top, { size: 8.5, colour: COLOUR.muted, characterSpacing: 0.5, width: CONTENT_WIDTH });
  layout.text(content.heading, MARGIN.left, layout.y + 2, { font: FONT.bold, size: 20, colour: COLOUR.heading, width: CONTENT_WIDTH });
  let y = layout.y + 8;
  const labelWidth = 100;
  for (const entry of content.meta) {
    const valueWidth = CONTENT_WIDTH - labelWidth - 10;
    const height = Math.max(layout.heightOf(entry.label, labelWidth, FONT.bold, 9.5), layout.heightOf(entry.value, valueWidth, FONT.regular, 9.5));
    layout.text(entry.label, MARGIN.left, y, { font: FONT.bold, size: 9.5, colour: '#444444', width: labelWidth });
    layout.text(entry.value, MARGIN.left + labelWidth + 10, y, { size: 9.5, width: valueWidth });
    y += height + 2;
  }
  layout.doc.y = y;
}

function drawFigures(layout: PdfLayout, content: TripReportContent): void {
  const { doc } = layout;
  const gap = 8;
  const boxWidth = (CONTENT_WIDTH - 2 * gap) / 3;
  const inner = boxWidth - 16;
  const boxHeight = (group: TripReportContent['figureGroups'][number]) =>
    12 +
    layout.heightOf(group.title.toUpperCase(), inner, FONT.regular, 8) +
    layout.heightOf(group.main.value, inner, FONT.bold, 18) +
    layout.heightOf(group.main.label, inner, FONT.regular, 9.5) +
    group.details.reduce((sum, detail) => sum + layout.heightOf(`${detail.value} ${detail.label}`, inner, FONT.regular, 9) + 1, 4);
  for (let start = 0; start < content.figureGroups.length; start += 3) {
    const row = content.figureGroups.slice(start, start + 3);
    const height = Math.max(...row.map(boxHeight));
    layout.ensureSpace(height + gap);
    const top = doc.y;
    row.forEach((group, i) => {
      const x = MARGIN.left + i * (boxWidth + gap);
      doc.roundedRect(x, top, boxWidth, height, 3).lineWidth(0.75).strokeColor(COLOUR.box).stroke();
      layout.text(group.title.toUpperCase(), x + 8, top + 6, { size: 8, colour: COLOUR.muted, characterSpacing: 0.3, width: inner });
      layout.text(group.main.value, x + 8, doc.y + 1, { font: FONT.bold, size: 18, colour: COLOUR.accent, width: inner });
      layout.text(group.main.label, x + 8, doc.y, { size: 9.5, width: inner });
      let y = doc.y + 3;
      for (const detail of group.details) {
        const value = toWinAnsi(detail.value);
        doc.font(FONT.bold).fontSize(9).fillColor(COLOUR.text).text(value, x + 8, y, { width: inner, continued: true });
        doc.font(FONT.regular).fillColor('#333333').text(` ${toWinAnsi(detail.label)}`);
        y = doc.y + 1;
      }
    });
    doc.y = top + height + gap;
  }
}

function drawBreakdowns(layout: PdfLayout, content: TripReportContent): void {
  const { doc } = layout;
  const gap = 14;
  const half = (CONTENT_WIDTH - gap) / 2;
  for (let i = 0; i < content.breakdowns.length; i += 2) {
    const pair = content.breakdowns.slice(i, i + 2);
    const height = Math.max(...pair.map((table) => layout.tableHeight(table, half)));
    if (height > BOTTOM - MARGIN.top) {
      for (const table of pair) layout.table(table, content.none);
      continue;
    }
    layout.ensureSpace(height);
    const top = doc.y;
    let end = top;
    pair.forEach((table, j) => {
      doc.y = top;
      layout.table(table, content.none, { x: MARGIN.left + j * (half + gap), width: half });
      end = Math.max(end, doc.y);
    });
    doc.y = end;
  }
}

function drawFooters(layout: PdfLayout, content: TripReportContent, pageLabel: (page: number, pages: number) => string): void {
  const { doc } = layout;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    // Writing below the bottom margin would start a new page.
    doc.page.margins.bottom = 0;
    const y = PAGE.height - 40;
    doc.moveTo(MARGIN.left, y - 6).lineTo(MARGIN.left + CONTENT_WIDTH, y - 6).lineWidth(0.5).strokeColor(COLOUR.rule).stroke();
    layout.text(content.footer, MARGIN.left, y, { size: 8, colour: '#666666', width: CONTENT_WIDTH - 90, lineBreak: false, ellipsis: true });
    layout.text(pageLabel(i + 1, range.count), MARGIN.left + CONTENT_WIDTH - 90, y, { size: 8, colour: '#666666', width: 90, align: 'right', lineBreak: false });
    doc.page.margins.bottom = MARGIN.bottom;
  }
}

/** The same content as the HTML page, as an A4 PDF with the charts drawn as vectors. */
export function renderTripReportPdf(
  content: TripReportContent,
  charts: TripReportCharts,
  pageLabel: (page: number, pages: number) => string,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: content.language,
    displayTitle: true,
    info: { Title: content.title, Author: 'Liaison', Creator: 'Liaison' },
  });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const layout = new PdfLayout(doc);

  drawHeader(layout, content);
  layout.sectionHeading(content.keyFiguresTitle, 110);
  drawFigures(layout, content);

  layout.sectionHeading(content.chartsTitle, 24 + (CONTENT_WIDTH * FUNNEL_SIZE.height) / FUNNEL_SIZE.width);
  layout.svg(charts.funnel, FUNNEL_SIZE, content.funnelCaption);
  layout.svg(charts.meetingsPerDay, MEETINGS_SIZE, content.meetingsCaption);

  const [leads, ...leadTables] = content.leadTables;
  layout.sectionHeading(leads.title, 60);
  layout.table(leads, content.none, { titled: false });
  for (const table of leadTables) {
    layout.ensureSpace(50);
    layout.table(table, content.none);
  }

  layout.sectionHeading(content.breakdownsTitle, 80);
  drawBreakdowns(layout, content);
  const names = content.newContacts.names.join(', ');
  layout.ensureSpace(40);
  layout.subHeading(content.newContacts.title, MARGIN.left, CONTENT_WIDTH);
  if (names) layout.text(names, MARGIN.left, doc.y, { size: 9.5, width: CONTENT_WIDTH });
  else layout.text(content.none, MARGIN.left, doc.y, { font: FONT.italic, size: 9.5, colour: COLOUR.muted, width: CONTENT_WIDTH });

  drawFooters(layout, content, pageLabel);
  doc.end();
  return done;
}
