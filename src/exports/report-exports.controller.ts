import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ExportFileQuery } from './export-file.query';
import { ReportExportsService } from './report-exports.service';
import { sendDownload, toCsv, toXlsx } from './spreadsheet';

export class ReportExportQuery extends ExportFileQuery {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  section?: string;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  args?: string;
}

/**
 * GET /exports/reports/trip?format=xlsx&args={"tripId":"…","asOf":"2024-08-31"}:
 * a report as a file, with the GraphQL query's arguments (as JSON) and the
 * caller's access. Two path segments, so it never meets GET /exports/:list.
 */
@Controller('exports/reports')
export class ReportExportsController {
  constructor(private readonly reports: ReportExportsService) {}

  @Get(':report')
  async export(@Param('report') report: string, @Query() query: ReportExportQuery, @Res() res: Response): Promise<void> {
    const sheets = await this.reports.sheets(report, query);
    if (query.format === 'xlsx') {
      sendDownload(res, `liaison-${report}-report`, 'xlsx', await toXlsx(sheets, { dateFormat: 'yyyy-mm-dd hh:mm:ss' }));
      return;
    }
    sendDownload(res, `liaison-${report}-report-${sheets[0].name}`, 'csv', toCsv(sheets[0].table, query.separator));
  }
}
