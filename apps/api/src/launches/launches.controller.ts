import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { LaunchDto } from './dto/launch.dto';
import { CASE_LISTS, LaunchesService } from './launches.service';

@ApiTags('cycles')
@Controller('api/launches')
export class LaunchesController {
  constructor(private readonly launches: LaunchesService) {}

  @Get(':launchId')
  @ApiOperation({
    summary: 'How far a launch has come (running, completed or failed; cases handled of the total) and what it did: cases it started (`created`), found unchanged, found with other content (`changed`, each difference) or could not compare.',
  })
  @ApiQuery({ name: 'cases', required: false, enum: CASE_LISTS, description: 'Also list the launch’s cases: all, those of one outcome, or those pending.' })
  @ApiOkResponse({ type: LaunchDto })
  @ApiNotFoundResponse({ description: 'No such launch.' })
  get(@Param('launchId') launchId: string, @Query('cases') cases?: unknown): Promise<LaunchDto> {
    return this.launches.get(launchId, cases);
  }
}
