import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PublicCaseDto, PublicCaseListDto, PublicCasesQueryDto } from './dto/public-case.dto';
import { PublicCasesService } from './public.service';

@ApiTags('public')
@Controller('api/public/cases')
export class PublicController {
  constructor(private readonly cases: PublicCasesService) {}

  @Get()
  @ApiOperation({ summary: 'Which unit handles which case (no key needed): cycle, kind, number, title, lead unit, co-units, stage.' })
  @ApiOkResponse({ type: PublicCaseListDto })
  list(@Query() query: PublicCasesQueryDto): Promise<PublicCaseListDto> {
    return this.cases.list(query);
  }

  @Get(':caseId')
  @ApiOperation({ summary: 'One case as the public sees it (no key needed), with the reply text once it is published as public.' })
  @ApiOkResponse({ type: PublicCaseDto })
  @ApiNotFoundResponse({ description: 'No such case.' })
  get(@Param('caseId') caseId: string): Promise<PublicCaseDto> {
    return this.cases.get(caseId);
  }
}
