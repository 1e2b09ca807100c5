import type { Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

export type Cell = string | number | boolean | Date | null;

export interface ExportTable {
  headers: string[];
  rows: Cell[][];
}

/** One worksheet of a workbook; its name is at most 31 characters, Excel's limit. */
export interface Sheet {
  name: string;
  table: ExportTable;
}

export type ExportFormat = 'csv' | 'xlsx';
export type ExportSeparator = 'comma' | 'semicolon';

export interface XlsxOptions {
  /** Excel number format for instants (Date cells), e.g. `yyyy-mm-dd hh:mm:ss`; Excel's short date when omitted. */
  dateFormat?: string;
}

function csvCell(cell: Cell): string | number | boolean | null {
  return cell instanceof Date ? cell.toISOString() : cell;
}

/** UTF-8 with BOM so Excel shows umlauts; semicolons for German Excel. */
export function toCsv(table: ExportTable, separator: ExportSeparator): string {
  return stringify([table.headers, ...table.rows.map((row) => row.map(csvCell))], {
    bom: true,
    delimiter: separator === 'semicolon' ? ';' : ',',
  });
}

/** One worksheet per sheet, each with a bold, frozen header row; numbers and dates stay typed. */
export async function toXlsx(sheets: Sheet[], options: XlsxOptions = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const { name, table } of sheets) {
    const sheet = workbook.addWorksheet(name);
    sheet.addRow(table.headers).font = { bold: true };
    for (const row of table.rows) {
      const added = sheet.addRow(row);
      if (options.dateFormat) {
        row.forEach((cell, i) => {
          if (cell instanceof Date) added.getCell(i + 1).numFmt = options.dateFormat!;
        });
      }
    }
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Sends a built file as a download named `<basename>-<today>.<format>`. */
export function sendDownload(res: Response, basename: string, format: ExportFormat, body: string | Buffer): void {
  const stamp = new Date().toISOString().slice(0, 10);
  res
    .type(format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8')
    .attachment(`${basename}-${stamp}.${format}`)
    .send(body);
}
