import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ExportsService } from './exports.service';

export class ExportFormatQuery {
  @IsOptional()
  @IsIn(['csv', 'xlsx'])
  format: 'csv' | 'xlsx' = 'csv';

  @IsOptional()
  @IsIn(['comma', 'semicolon'], { message: 'separator must be comma or semicolon (for German Excel)' })
  separator: 'comma' | 'semicolon' = 'comma';

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
    const stamp = new Date().toISOString().slice(0, 10);
    if (query.format === 'xlsx') {
      res
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .attachment(`liaison-${list}-${stamp}.xlsx`)
        .send(await this.exports.xlsx(table, list));
      return;
    }
    res
      .type('text/csv; charset=utf-8')
      .attachment(`liaison-${list}-${stamp}.csv`)
      .send(this.exports.csv(table, query.separator === 'semicolon' ? ';' : ','));
  }
}
