import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsLocalDate } from '../../common/validation/dates';
import { REPORT_LANGUAGES, ReportLanguage } from '../i18n/labels';

export const PRINT_FORMATS = ['html', 'pdf'] as const;
export type PrintFormat = (typeof PRINT_FORMATS)[number];

export class TripReportPrintParams {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class TripReportPrintQuery {
  @IsOptional()
  @IsIn(PRINT_FORMATS, { message: 'format must be html or pdf' })
  format: PrintFormat = 'html';

  /** German by default: the ministry reads German. */
  @IsOptional()
  @IsIn(REPORT_LANGUAGES, { message: 'lang must be de or en' })
  lang: ReportLanguage = 'de';

  /** Passed to tripReport: leads, partnerships and commitments as they were at the end of this day. */
  @IsOptional()
  @IsLocalDate()
  asOf?: string;
}
