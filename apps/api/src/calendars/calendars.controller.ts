import { Body, Controller, Get, HttpCode, Param, Patch, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CalendarsService } from './calendars.service';
import {
  CalendarDaysDto,
  CalendarDaysQueryDto,
  CalendarDueDateDto,
  CalendarDueDateQueryDto,
  CalendarVersionDto,
  CalendarVersionListDto,
  CalendarVersionParams,
  JurisdictionParams,
  JurisdictionSummaryDto,
  PatchCalendarDto,
  PutCalendarDto,
} from './dto/calendar.dto';

@ApiTags('calendars')
@Controller('api/calendars')
export class CalendarsController {
  constructor(private readonly calendars: CalendarsService) {}

  @Get()
  @ApiOperation({ summary: 'Jurisdictions with a stored calendar, and their latest version.' })
  @ApiOkResponse({ type: [JurisdictionSummaryDto] })
  list(): Promise<JurisdictionSummaryDto[]> {
    return this.calendars.jurisdictions();
  }

  @Put(':jurisdiction')
  @HttpCode(201)
  @ApiOperation({ summary: 'Store a jurisdiction’s complete set of corrections to the official calendar as its next version.' })
  @ApiCreatedResponse({ type: CalendarVersionDto })
  @ApiBadRequestResponse({ description: 'Invalid body; `problems` lists each field. Nothing is stored.' })
  replace(@Param() { jurisdiction }: JurisdictionParams, @Body() body: PutCalendarDto): Promise<CalendarVersionDto> {
    return this.calendars.replace(jurisdiction, body);
  }

  @Patch(':jurisdiction')
  @HttpCode(201)
  @ApiOperation({ summary: 'Store the latest version with some dates added, replaced or removed as the next version.' })
  @ApiCreatedResponse({ type: CalendarVersionDto })
  @ApiBadRequestResponse({ description: 'Invalid body; `problems` lists each field. Nothing is stored.' })
  amend(@Param() { jurisdiction }: JurisdictionParams, @Body() body: PatchCalendarDto): Promise<CalendarVersionDto> {
    return this.calendars.amend(jurisdiction, body);
  }

  @Get(':jurisdiction')
  @ApiOperation({ summary: 'The latest version: its corrections, loaded years and note.' })
  @ApiOkResponse({ type: CalendarVersionDto })
  @ApiNotFoundResponse({ description: 'No version stored: the jurisdiction counts on the official calendar.' })
  latest(@Param() { jurisdiction }: JurisdictionParams): Promise<CalendarVersionDto> {
    return this.calendars.latest(jurisdiction);
  }

  @Get(':jurisdiction/versions')
  @ApiOperation({ summary: 'Every stored version, oldest first.' })
  @ApiOkResponse({ type: CalendarVersionListDto })
  @ApiNotFoundResponse({ description: 'No version stored.' })
  versions(@Param() { jurisdiction }: JurisdictionParams): Promise<CalendarVersionListDto> {
    return this.calendars.versions(jurisdiction);
  }

  @Get(':jurisdiction/versions/:version')
  @ApiOperation({ summary: 'One stored version.' })
  @ApiOkResponse({ type: CalendarVersionDto })
  @ApiNotFoundResponse({ description: 'No such version.' })
  version(@Param() { jurisdiction, version }: CalendarVersionParams): Promise<CalendarVersionDto> {
    return this.calendars.version(jurisdiction, version);
  }

  @Get(':jurisdiction/days')
  @ApiOperation({ summary: 'Whether each date from..to is a working day, and why (official holiday, make-up day, weekend, office correction).' })
  @ApiOkResponse({ type: CalendarDaysDto })
  days(@Param() { jurisdiction }: JurisdictionParams, @Query() query: CalendarDaysQueryDto): Promise<CalendarDaysDto> {
    return this.calendars.days(jurisdiction, query);
  }

  @Get(':jurisdiction/due-date')
  @ApiOperation({ summary: 'The due date a case of the jurisdiction gets for a rule from a date, with its explanation.' })
  @ApiOkResponse({ type: CalendarDueDateDto })
  dueDate(@Param() { jurisdiction }: JurisdictionParams, @Query() query: CalendarDueDateQueryDto): Promise<CalendarDueDateDto> {
    return this.calendars.dueDate(jurisdiction, query);
  }
}
