import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LaunchDto } from './dto/launch.dto';
import { LaunchesService } from './launches.service';

@ApiTags('cycles')
@Controller('api/launches')
export class LaunchesController {
  constructor(private readonly launches: LaunchesService) {}

  @Get(':launchId')
  @ApiOperation({ summary: 'How far a launch has come: running, completed or failed; cases started of the total.' })
  @ApiOkResponse({ type: LaunchDto })
  @ApiNotFoundResponse({ description: 'No such launch.' })
  get(@Param('launchId') launchId: string): Promise<LaunchDto> {
    return this.launches.get(launchId);
  }
}
