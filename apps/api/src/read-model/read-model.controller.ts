import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ReadModelService, ReindexDto } from './read-model.service';

/** A reindex takes no options: the body is empty or `{}`, and anything in it is refused. */
export class ReindexRequestDto {}

@ApiTags('read model')
@Controller('api/read-model')
export class ReadModelController {
  constructor(private readonly readModel: ReadModelService) {}

  @Post('reindex')
  @HttpCode(202)
  @ApiOperation({ summary: 'Rebuild the read model from Temporal: every case and co-unit projected anew (banli reindex).' })
  @ApiAcceptedResponse({ type: ReindexDto, description: 'Started; follow it at the Location.' })
  async reindex(@Body() _request: ReindexRequestDto, @Res({ passthrough: true }) res: Response): Promise<ReindexDto> {
    const started = await this.readModel.reindex();
    res.setHeader('Location', `/api/read-model/reindex/${started.reindexId}`);
    return started;
  }

  @Get('reindex/:reindexId')
  @ApiOperation({ summary: 'How far a reindex has come.' })
  @ApiOkResponse({ type: ReindexDto })
  @ApiNotFoundResponse({ description: 'No such reindex.' })
  progress(@Param('reindexId') reindexId: string): Promise<ReindexDto> {
    return this.readModel.progress(reindexId);
  }
}
