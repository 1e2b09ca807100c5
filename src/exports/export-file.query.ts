import { IsIn, IsOptional } from 'class-validator';
import { ExportFormat, ExportSeparator } from './spreadsheet';

/** The file a download is written as; the query parameters every export takes. */
export class ExportFileQuery {
  @IsOptional()
  @IsIn(['csv', 'xlsx'])
  format: ExportFormat = 'csv';

  @IsOptional()
  @IsIn(['comma', 'semicolon'], { message: 'separator must be comma or semicolon (for German Excel)' })
  separator: ExportSeparator = 'comma';
}
