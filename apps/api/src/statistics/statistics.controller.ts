import { Controller, Get, Header, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ScoreTable, UnitTable, CycleStatistics } from '../../../../libs/statistics';
import { DOCX_TYPE } from '../../../../libs/documents/letter-docx';
import { MARKDOWN_TYPE, renderSummaryDocx, renderSummaryMarkdown } from '../../../../libs/documents/summary-render';
import { contentDisposition } from '../common/attachment';
import { ScoresQueryDto, StatisticsQueryDto } from './dto/statistics-query.dto';
import { StatisticsService } from './statistics.service';
import { CYCLE_STATISTICS_SCHEMA, SCORE_TABLE_SCHEMA, UNIT_TABLE_SCHEMA } from './statistics.openapi';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV_TYPE = 'text/csv; charset=utf-8';
const binary = (type: string) => ({ content: { [type]: { schema: { type: 'string', format: 'binary' } } } });
const noCycle = ApiNotFoundResponse({ description: 'CycleNotFound: no cycle launched with this id.' });
const badFilter = ApiBadRequestResponse({ description: 'A filter that is not one of unit, kind, keySupervised (or has a bad value). Nothing is computed.' });

/**
 * A cycle's statistics (docs/procedure.md "Statistics offices report"), computed from the read
 * model as of now. The office and supervisors see every unit; a unit's key sees its own unit.
 */
@ApiTags('statistics')
@Controller('api/cycles/:cycleId')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Get('statistics')
  @ApiOperation({ summary: 'The figures: counts, reply, on-time, meeting and satisfaction rates (each with what it rests on), A/B/C, promises kept, returns, extensions, re-handling, overdue now, working days per step; by kind and key/ordinary.' })
  @ApiOkResponse({ schema: CYCLE_STATISTICS_SCHEMA })
  @badFilter @noCycle
  async figures(@Param('cycleId') cycleId: string, @Query() query: StatisticsQueryDto): Promise<CycleStatistics> {
    return this.statistics.statistics(cycleId, query);
  }

  @Get('units')
  @ApiOperation({ summary: 'The unit table: each lead unit’s rates, score and rank, with the number of cases each rate rests on; units with fewer assessed cases than the policy’s minimum are listed unranked.' })
  @ApiOkResponse({ schema: UNIT_TABLE_SCHEMA })
  @badFilter @noCycle
  async units(@Param('cycleId') cycleId: string, @Query() query: StatisticsQueryDto): Promise<UnitTable> {
    return this.statistics.units(cycleId, query);
  }

  @Get('scores')
  @ApiOperation({ summary: 'Unit scores (考核) with every case’s breakdown: each part earned and why, each deduction; optionally re-scored under another policy’s assessment scheme (policyId + policyVersion).' })
  @ApiOkResponse({ schema: SCORE_TABLE_SCHEMA })
  @ApiBadRequestResponse({ description: 'A bad filter, policyId without policyVersion (or the reverse), or a policy that is not stored.' })
  @noCycle
  async scores(@Param('cycleId') cycleId: string, @Query() query: ScoresQueryDto): Promise<ScoreTable> {
    return this.statistics.scores(cycleId, query);
  }

  @Get('statistics.xlsx')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({ summary: 'The statistics as a workbook: 统计总览, 分单位统计, 逾期件, 考核得分, 逐件得分明细 (Chinese headers, rates as percentages).' })
  @ApiOkResponse(binary(XLSX_TYPE))
  @badFilter @noCycle
  async xlsx(@Param('cycleId') cycleId: string, @Query() query: StatisticsQueryDto): Promise<StreamableFile> {
    const file = await this.statistics.xlsx(cycleId, query);
    return new StreamableFile(file.body, { type: XLSX_TYPE, disposition: contentDisposition(file.fileName, `statistics-${cycleId}.xlsx`), length: file.body.length });
  }

  @Get('statistics.csv')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({ summary: 'The unit table (分单位统计) as CSV: UTF-8 with BOM, CRLF, the same columns as the workbook’s sheet, the total last.' })
  @ApiOkResponse(binary(CSV_TYPE))
  @badFilter @noCycle
  async csv(@Param('cycleId') cycleId: string, @Query() query: StatisticsQueryDto): Promise<StreamableFile> {
    const file = await this.statistics.csv(cycleId, query);
    return new StreamableFile(file.body, { type: CSV_TYPE, disposition: contentDisposition(file.fileName, `statistics-${cycleId}.csv`), length: file.body.length });
  }

  @Get('summary.docx')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({ summary: '办理情况总结 The handling summary as .docx: 一、基本情况, 二、办理情况 (each case), 三、完成情况 — a unit’s (unit=…) or the whole cycle’s.' })
  @ApiOkResponse(binary(DOCX_TYPE))
  @badFilter @noCycle
  async summaryDocx(@Param('cycleId') cycleId: string, @Query() query: StatisticsQueryDto): Promise<StreamableFile> {
    const summary = await this.statistics.summary(cycleId, query);
    const body = await renderSummaryDocx(summary);
    return new StreamableFile(body, { type: DOCX_TYPE, disposition: contentDisposition(summary.fileName, `summary-${cycleId}.docx`), length: body.length });
  }

  @Get('summary.md')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({ summary: '办理情况总结 The handling summary as Markdown, the same text as the .docx.' })
  @ApiOkResponse({ content: { 'text/markdown': { schema: { type: 'string' } } } })
  @badFilter @noCycle
  async summaryMarkdown(@Param('cycleId') cycleId: string, @Query() query: StatisticsQueryDto): Promise<StreamableFile> {
    const summary = await this.statistics.summary(cycleId, query);
    const body = Buffer.from(renderSummaryMarkdown(summary), 'utf8');
    const name = summary.fileName.replace(/\.docx$/, '.md');
    return new StreamableFile(body, { type: MARKDOWN_TYPE, disposition: contentDisposition(name, `summary-${cycleId}.md`, 'inline'), length: body.length });
  }
}
