import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TripReportPrintParams, TripReportPrintQuery } from './dto/trip-report-print.query';
import { REPORT_PAGE_CSP } from './renderers/html.renderer';
import { ReportPrintService } from './report-print.service';

/**
 * GET /reports/trips/:id?lang=en&asOf=2024-08-31: the trip report as a page to
 * read and print; `format=pdf` downloads it as a PDF. Same access as the API.
 */
@Controller('reports')
export class ReportPrintController {
  constructor(private readonly reports: ReportPrintService) {}

  @Get('trips/:id')
  async trip(@Param() { id }: TripReportPrintParams, @Query() query: TripReportPrintQuery, @Res() res: Response): Promise<void> {
    const document = await this.reports.printTripReport(id, query);
    const html = document.format === 'html';
    res.set({
      'content-type': document.contentType,
      'content-disposition': `${html ? 'inline' : 'attachment'}; filename="${document.fileName}"`,
      // The report may hold confidential leads: no shared or browser cache keeps it.
      'cache-control': 'no-store',
    });
    if (html) res.set('content-security-policy', REPORT_PAGE_CSP);
    res.send(document.body);
  }
}
