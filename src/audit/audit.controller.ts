import { Controller, Get, Header, Query } from '@nestjs/common';
import { Roles } from '../auth/auth.decorators';
import { Role } from '../auth/role.enum';
import { LiaisonException } from '../common/errors/liaison.exception';
import { AuditService } from './audit.service';
import { AuditExportQuery } from './dto/audit.args';

@Controller('audit')
@Roles(Role.ADMIN)
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** GET /audit/export.csv?from=2024-05-01&to=2024-05-31 (admins; both days included). */
  @Get('export.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="liaison-audit.csv"')
  export(@Query() { from, to }: AuditExportQuery): Promise<string> {
    const start = new Date(`${from}T00:00:00Z`);
    const end = new Date(`${to}T00:00:00Z`);
    if (end < start) throw LiaisonException.badInput('to', 'to must not be before from');
    end.setUTCDate(end.getUTCDate() + 1);
    return this.audit.exportCsv(start, end);
  }
}
