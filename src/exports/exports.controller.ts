import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ExportFileQuery } from './export-file.query';
import { ExportsService } from './exports.service';
import { sendDownload, toCsv, toXlsx } from './spreadsheet';

export class ExportFormatQuery extends ExportFileQuery {
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  filter?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  orderBy?: string;
}

/**
 * GET /exports/leads?format=xlsx&filter={"open":true}: any list as a file,
 * with the GraphQL list's filter and orderBy (as JSON) and the caller's access.
 */
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get(':list')
  async export(@Param('list') list: string, @Query() query: ExportFormatQuery, @Res() res: Response): Promise<void> {
    const table = await this.exports.table(list, query);
    const file = query.format === 'xlsx' ? await toXlsx([{ name: list, table }]) : toCsv(table, query.separator);
    sendDownload(res, `liaison-${list}`, query.format, file);
  }
}
