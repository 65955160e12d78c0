import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CyclesService } from './cycles.service';
import { LaunchCycleDto, LaunchedCycleDto } from './dto/launch-cycle.dto';

@ApiTags('cycles')
@Controller('api/cycles')
export class CyclesController {
  constructor(private readonly cycles: CyclesService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Launch a handling cycle (交办). Idempotent: launching again starts nothing new.' })
  @ApiCreatedResponse({ type: LaunchedCycleDto })
  @ApiBadRequestResponse({ description: 'Invalid body; `problems` lists each field.' })
  launch(@Body() body: LaunchCycleDto): Promise<LaunchedCycleDto> {
    return this.cycles.launch(body);
  }
}
