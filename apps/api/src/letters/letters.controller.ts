import { Controller, Get, Header, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { DOCX_TYPE } from '../../../../libs/documents/letter-docx';
import { Optional } from '../common/validators';
import { LetterFile, LettersService } from './letters.service';

export class LetterQueryDto {
  @ApiPropertyOptional({ description: 'Address the letter to this submitter alone (a joint case: one letter each). Left out: every submitter.', example: '贠连成' })
  @Optional() @IsString() @MaxLength(100)
  submitter?: string;
}

const docx = { content: { [DOCX_TYPE]: { schema: { type: 'string', format: 'binary' } } } };

/** The reply letter (答复函) as .docx: the one sent, for those handling the case; the published one, for anyone. */
@ApiTags('letters')
@Controller()
export class LettersController {
  constructor(private readonly letters: LettersService) {}

  @Get('api/cases/:caseId/letter.docx')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({ summary: '答复函 The reply letter as sent: title, salutation, the reviewed reply, unit, date, mark, contact person and phone.' })
  @ApiOkResponse(docx)
  @ApiBadRequestResponse({ description: '`submitter` is not a submitter of the case.' })
  @ApiNotFoundResponse({ description: 'No such case; LetterNotFound for a kind answered without a letter (hotline tickets).' })
  @ApiConflictResponse({ description: 'LetterNotReady: the case has not been replied yet.' })
  async sent(@Param('caseId') caseId: string, @Query() query: LetterQueryDto): Promise<StreamableFile> {
    return file(await this.letters.sent(caseId, query.submitter), caseId);
  }

  @Get('api/public/cases/:caseId/letter.docx')
  @ApiOperation({ summary: '答复函 The published reply letter (no key): only a reply published as public and in full; no contact person, no phone.' })
  @ApiOkResponse(docx)
  @ApiNotFoundResponse({ description: 'No such case, or no reply published in full (LetterNotFound).' })
  async published(@Param('caseId') caseId: string): Promise<StreamableFile> {
    return file(await this.letters.published(caseId), caseId);
  }
}

function file(letter: LetterFile, caseId: string): StreamableFile {
  const ascii = `reply-letter-${caseId.replace(/[^A-Za-z0-9._-]/g, '_')}.docx`;
  return new StreamableFile(letter.docx, {
    type: DOCX_TYPE,
    disposition: `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(letter.content.fileName)}`,
    length: letter.docx.length,
  });
}
