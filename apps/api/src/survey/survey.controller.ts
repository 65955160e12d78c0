import { Body, Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { SurveyAnswerDto, SurveyLinksDto, SurveyPageDto } from './dto/survey.dto';
import { SurveyService } from './survey.service';

/**
 * Self-service 满意度测评: the office's links (one per submitter and round), and the open routes the
 * link's page reads and answers through — no key, the signed token is the credential.
 */
@ApiTags('survey')
@Controller()
export class SurveyController {
  constructor(private readonly survey: SurveyService) {}

  @Get('api/cases/:caseId/survey-links')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: '测评链接 One signed link per submitter for the current round, expiring with its survey window (the office).' })
  @ApiOkResponse({ type: SurveyLinksDto })
  @ApiNotFoundResponse({ description: 'No such case.' })
  @ApiConflictResponse({ description: 'SurveyNotOpen: the round’s reply is not out yet.' })
  links(@Param('caseId') caseId: string): Promise<SurveyLinksDto> {
    return this.survey.links(caseId);
  }

  @Get('api/survey/:token')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: '满意度测评 The survey page of a link (no key): the reply, the question(s), whether this submitter has answered.' })
  @ApiOkResponse({ type: SurveyPageDto })
  @ApiUnauthorizedResponse({ description: 'SurveyLinkInvalid: not a link banli signed.' })
  @ApiGoneResponse({ description: 'SurveyLinkExpired (the survey window ended), SurveyLinkSuperseded (a later round), SurveyClosed.' })
  page(@Param('token') token: string): Promise<SurveyPageDto> {
    return this.survey.page(token);
  }

  @Post('api/survey/:token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: '满意度测评 Answer through the link (no key): recorded as the submitter’s own answer, once.' })
  @ApiOkResponse({ type: SurveyPageDto, description: 'The page, answered.' })
  @ApiBadRequestResponse({ description: 'A bad answer; attitude missing where asked, or given where not.' })
  @ApiUnauthorizedResponse({ description: 'SurveyLinkInvalid.' })
  @ApiConflictResponse({ description: 'SurveyAlreadyAnswered; SurveyNotOpen (before the visit); SurveyClosed.' })
  @ApiGoneResponse({ description: 'SurveyLinkExpired, SurveyLinkSuperseded, SurveyClosed (the window ended unanswered).' })
  answer(@Param('token') token: string, @Body() body: SurveyAnswerDto): Promise<SurveyPageDto> {
    return this.survey.answer(token, body);
  }
}
