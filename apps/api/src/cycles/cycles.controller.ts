import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOkResponse as ApiPreviewResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiQuery,
  ApiTags,
  getSchemaPath,
  ApiExtraModels,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { templateCsv, templateXlsx } from '../../../../libs/launch-sheet';
import { LaunchAcceptedDto, LaunchPreviewDto } from '../launches/dto/launch.dto';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { actorOf } from '../auth/roles';
import { CaseChangesService } from './case-changes.service';
import { CyclesService, LaunchAnswer, launchOptionsOf } from './cycles.service';
import { CaseChangesDto, CaseChangesFieldsDto, CaseChangesResultDto } from './dto/case-changes.dto';
import { AddCasesDto, AddSheetCasesFieldsDto, LaunchCycleDto, LaunchedCycleDto, LaunchSheetFieldsDto } from './dto/launch-cycle.dto';
import { isMultipart, SheetUploadInterceptor, UploadedSheet } from './sheet-upload';
import { PolicyRefDto } from '../policies/dto/policy.dto';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const fileField = { file: { type: 'string', format: 'binary', description: '.xlsx, or .csv in UTF-8 (with or without BOM); see GET /api/cycles/template.xlsx' } };

const launchResponses = [
  ApiCreatedResponse({ type: LaunchedCycleDto, description: 'JSON with at most 100 cases: every case started (or already running).' }),
  ApiAcceptedResponse({ type: LaunchAcceptedDto, description: 'A sheet, or JSON with more than 100 cases: starting goes on; poll `Location` (GET /api/launches/{launchId}).' }),
  ApiBadRequestResponse({ description: 'Nothing started. `problems` lists each field, and for a sheet each bad row: `{field: "file", row, column, problem}`.' }),
  ApiPayloadTooLargeResponse({ description: 'The sheet is over 5 MB.' }),
  ApiPreviewResponse({ type: LaunchPreviewDto, description: 'With ?dryRun=true: what the launch would do with each case (start it, or find it unchanged or changed), nothing recorded or started.' }),
  ApiConflictResponse({
    description:
      '`CasesDiffer`: rows differ from the cases of their ids that exist (each difference a problem, with its row and column); nothing started. ' +
      'A launch never changes a case that exists: send ?keepExisting=true to start the new cases and leave those as they are. ' +
      '`CycleConflict` (a cycle launch): the cycle was launched before with another title, jurisdiction, session close or policy overrides.',
  }),
  ApiQuery({ name: 'dryRun', required: false, type: Boolean, description: 'Preview: validate and compare with the cases that exist; record and start nothing (200).' }),
  ApiQuery({ name: 'keepExisting', required: false, type: Boolean, description: 'Launch even when rows differ from cases that exist: start the new ones, leave those as they are (each is reported as `changed`).' }),
];
function LaunchEndpoint(): MethodDecorator {
  return (target, key, descriptor) => {
    for (const d of [UseInterceptors(SheetUploadInterceptor), ApiConsumes('application/json', 'multipart/form-data'), ...launchResponses]) d(target, key, descriptor);
  };
}

@ApiTags('cycles')
@ApiExtraModels(LaunchCycleDto, LaunchSheetFieldsDto, AddCasesDto, AddSheetCasesFieldsDto, CaseChangesDto, CaseChangesFieldsDto, PolicyRefDto)
@Controller('api/cycles')
export class CyclesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly changes: CaseChangesService,
  ) {}

  @Post()
  @LaunchEndpoint()
  @ApiOperation({ summary: 'Launch a handling cycle (交办) from JSON, or from the assignment sheet (multipart: `file` and the cycle’s fields). Idempotent.' })
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath(LaunchCycleDto) }, { allOf: [{ $ref: getSchemaPath(LaunchSheetFieldsDto) }, { type: 'object', required: ['file'], properties: fileField }] }] },
  })
  async launch(
    @Body() body: unknown,
    @UploadedFile() file: UploadedSheet | undefined,
    @Headers('content-type') contentType: string | undefined,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LaunchedCycleDto | LaunchAcceptedDto | LaunchPreviewDto> {
    const options = launchOptionsOf(query);
    return answer(res, isMultipart(contentType) ? await this.cycles.launchSheet(body, file, options) : await this.cycles.launch(body, options));
  }

  @Post(':cycleId/cases')
  @LaunchEndpoint()
  @ApiOperation({ summary: 'Add cases to a launched cycle (闭会件 arrive one by one): JSON `{cases, assignedOn?}` or a sheet. Idempotent.' })
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath(AddCasesDto) }, { allOf: [{ $ref: getSchemaPath(AddSheetCasesFieldsDto) }, { type: 'object', required: ['file'], properties: fileField }] }] },
  })
  @ApiNotFoundResponse({ description: 'No cycle launched with this id.' })
  async addCases(
    @Param('cycleId') cycleId: string,
    @Body() body: unknown,
    @UploadedFile() file: UploadedSheet | undefined,
    @Headers('content-type') contentType: string | undefined,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LaunchedCycleDto | LaunchAcceptedDto | LaunchPreviewDto> {
    const options = launchOptionsOf(query);
    return answer(res, isMultipart(contentType) ? await this.cycles.addSheetCases(cycleId, body, file, options) : await this.cycles.addCases(cycleId, body, options));
  }

  @Post(':cycleId/changes')
  @HttpCode(200)
  @UseInterceptors(SheetUploadInterceptor)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiOperation({
    summary:
      '按清单更正 Apply, deliberately, what a corrected list says differs from the cases launched: a case not yet signed for gets the list’s lead unit ' +
      '(退回 and 调整承办单位 by the office, in its history); a case past sign-for refuses it (`refused`, with the reason); no step changes the other ' +
      'fields (重点督办, 标题, 协办单位, …): `not-applicable`, change them by hand. Rows with no case are listed, not launched.',
  })
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath(CaseChangesDto) }, { allOf: [{ $ref: getSchemaPath(CaseChangesFieldsDto) }, { type: 'object', required: ['file'], properties: fileField }] }] },
  })
  @ApiQuery({ name: 'dryRun', required: false, type: Boolean, description: 'Say what would be applied (`applicable`) and what refused; change nothing.' })
  @ApiOkResponse({ type: CaseChangesResultDto })
  @ApiBadRequestResponse({ description: 'The list or a row of the sheet is invalid: nothing changed.' })
  @ApiNotFoundResponse({ description: 'No cycle launched with this id.' })
  async applyChanges(
    @Param('cycleId') cycleId: string,
    @Body() body: unknown,
    @UploadedFile() file: UploadedSheet | undefined,
    @Headers('content-type') contentType: string | undefined,
    @Query() query: Record<string, unknown>,
    @Req() req: AuthenticatedRequest,
  ): Promise<CaseChangesResultDto> {
    const options = { dryRun: launchOptionsOf({ dryRun: query.dryRun }).dryRun === true, actor: actorOf(req.principal!) };
    return isMultipart(contentType) ? this.changes.applySheet(cycleId, body, file, options) : this.changes.apply(cycleId, body, options);
  }

  @Get('template.xlsx')
  @ApiOperation({ summary: 'The assignment sheet template (交办清单), with its instructions sheet (填写说明).' })
  @ApiOkResponse({ content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } } })
  async templateXlsx(): Promise<StreamableFile> {
    return new StreamableFile(await templateXlsx(), { type: XLSX_TYPE, disposition: contentDisposition('交办清单模板.xlsx') });
  }

  @Get('template.csv')
  @ApiOperation({ summary: 'The assignment sheet template as CSV (UTF-8 with BOM, header row only).' })
  @ApiOkResponse({ content: { 'text/csv': { schema: { type: 'string' } } } })
  templateCsv(): StreamableFile {
    return new StreamableFile(templateCsv(), { type: 'text/csv; charset=utf-8', disposition: contentDisposition('交办清单模板.csv') });
  }
}

function answer(res: Response, outcome: LaunchAnswer): LaunchedCycleDto | LaunchAcceptedDto | LaunchPreviewDto {
  switch (outcome.kind) {
    case 'preview':
      res.status(200);
      return outcome.body;
    case 'created':
      // Where the launch's record is: what it did with each case (created, unchanged, …).
      res.status(201).location(outcome.location);
      return outcome.body;
    case 'accepted':
      res.status(202).location(`/api/launches/${outcome.body.launchId}`);
      return outcome.body;
  }
}

/** An attachment with a Chinese name: an ASCII fallback and the UTF-8 name (RFC 6266). */
function contentDisposition(name: string): string {
  return `attachment; filename="banli-launch-template${name.slice(name.lastIndexOf('.'))}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
