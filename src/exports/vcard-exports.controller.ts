import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { VCARD_VERSIONS, VCardVersion } from './vcard';
import { VCardExportsService } from './vcard-exports.service';

export class VCardQuery {
  /** 3.0 by default: what Apple Contacts and most phones read best. */
  @IsOptional()
  @IsIn(VCARD_VERSIONS, { message: 'version must be 3.0 or 4.0' })
  version: VCardVersion = '3.0';
}

export class PeopleVCardQuery extends VCardQuery {
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  filter?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  orderBy?: string;
}

export class PersonVCardParams {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

/** RFC 6350's media type; `attachment()` would otherwise set the legacy text/x-vcard from the file name. */
function sendVCards(res: Response, basename: string, body: string): void {
  res.attachment(`${basename}.vcf`).type('text/vcard; charset=utf-8').send(body);
}

/**
 * GET /exports/people/vcard?filter={"organisationId":"…"}: a people list as
 * vCards, with the list's filter and orderBy as JSON; GET
 * /exports/people/:id/vcard: one person. `version=4.0` on request. Two and
 * three path segments, so neither meets GET /exports/:list.
 */
@Controller('exports/people')
export class VCardExportsController {
  constructor(private readonly vcards: VCardExportsService) {}

  @Get('vcard')
  async list(@Query() query: PeopleVCardQuery, @Res() res: Response): Promise<void> {
    sendVCards(res, `liaison-people-${new Date().toISOString().slice(0, 10)}`, await this.vcards.list(query, query.version));
  }

  @Get(':id/vcard')
  async person(@Param() { id }: PersonVCardParams, @Query() { version }: VCardQuery, @Res() res: Response): Promise<void> {
    sendVCards(res, `liaison-person-${id}`, await this.vcards.person(id, version));
  }
}
