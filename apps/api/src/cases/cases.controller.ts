import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CaseAction, CoUnitAction } from '../../../../libs/contract';
import { CaseResponse, CasesService, CoUnitResponse } from './cases.service';
import { CaseListDto, ListCasesQueryDto } from './dto/list-cases.dto';
import {
  ConsultDto,
  ContactDto,
  CoSignDto,
  CoUnitOpinionDto,
  DraftReplyDto,
  ExtensionDecisionDto,
  ExtensionRequestDto,
  FollowUpDto,
  MergeDto,
  PublishDto,
  ReplyDto,
  RestartClockDto,
  ReturnDecisionDto,
  ReturnDto,
  ReviewDto,
  SignOffDto,
  StopClockDto,
  WithdrawDto,
  SignForDto,
  SurveyDto,
  VisitDto,
  WorkPlanDto,
} from './dto/step.dto';

/** The optional `Idempotency-Key` header of a step request. */
const IdempotencyKey = (): ParameterDecorator => Headers('idempotency-key');

const stepResponses = [
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Retries with the same key (per case and step) get the first result; the step is applied once.',
  }),
  ApiOkResponse({ description: 'The case after the step: stage, due dates, history, allowedActions.' }),
  ApiBadRequestResponse({ description: 'Invalid body; `problems` lists each field.' }),
  ApiNotFoundResponse({ description: 'No such case.' }),
  ApiConflictResponse({ description: 'Step not allowed now; `stage` and `allowedActions` say what is.' }),
];
function StepEndpoint(path: CaseAction | `co-units/:unit/${CoUnitAction}`, summary: string): MethodDecorator {
  return (target, key, descriptor) => {
    for (const d of [Post(`:caseId/${path}`), HttpCode(200), ApiOperation({ summary }), ...stepResponses]) {
      d(target, key, descriptor);
    }
  };
}

@ApiTags('cases')
@Controller('api/cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Get()
  @ApiOperation({ summary: 'List cases from Temporal visibility, filtered by cycle, unit (lead or co-unit), stage, overdue.' })
  @ApiOkResponse({ type: CaseListDto })
  list(@Query() query: ListCasesQueryDto): Promise<CaseListDto> {
    return this.cases.list(query);
  }

  @Get(':caseId')
  @ApiOperation({ summary: 'One case: stage, due dates with explanations, history, allowedActions.' })
  @ApiNotFoundResponse({ description: 'No such case.' })
  get(@Param('caseId') caseId: string): Promise<CaseResponse> {
    return this.cases.get(caseId);
  }

  @StepEndpoint(CaseAction.Sign, '签收 Sign for the case')
  sign(@Param('caseId') caseId: string, @Body() body: SignForDto, @IdempotencyKey() key?: string): Promise<CaseResponse> {
    return this.cases.step(caseId, CaseAction.Sign, body, key);
  }

  @StepEndpoint(CaseAction.WorkPlan, '工作方案 Submit the work plan')
  workPlan(@Param('caseId') caseId: string, @Body() body: WorkPlanDto, @IdempotencyKey() key?: string): Promise<CaseResponse> {
    return this.cases.step(caseId, CaseAction.WorkPlan, body, key);
  }

  @StepEndpoint(CaseAction.Contact, '办前沟通 Record contact with the submitter')
  contact(@Param('caseId') caseId: string, @Body() body: ContactDto, @IdempotencyKey() key?: string): Promise<CaseResponse> {
    return this.cases.step(caseId, CaseAction.Contact, body, key);
  }

  @StepEndpoint(CaseAction.Return, '退回 The lead unit asks, within the policy’s window (5 working days by default), to return a case that is not its own')
  requestReturn(@Param('caseId') caseId: string, @Body() body: ReturnDto, @IdempotencyKey() key?: string): Promise<CaseResponse> {
    return this.cases.step(caseId, CaseAction.Return, body, key);
  }

  @StepEndpoint(CaseAction.DecideReturn, '驳回/调整 The office rejects the return, or reassigns the case to another unit (sign-for counts again from the decision)')
  decideReturn(@Param('caseId') caseId: string, @Body() body: ReturnDecisionDto, @IdempotencyKey() key?: string): Promise<CaseResponse> {
    return this.cases.step(caseId, CaseAction.DecideReturn, body, key);
  }

  @StepEndpoint(CaseAction.DraftReply, '草拟答复 Draft the reply: text, classification, contact person and phone')
  draftReply(@Param('caseId') caseId: string, @Body() body: DraftReplyDto, @IdempotencyKey() key?: string): Promise<CaseResponse> {
    return this.cases.step(caseId, CaseAction.DraftReply, body, key);
  }

  @StepEndpoint(CaseAction.CoSign, '会签 One co-unit agrees to the draft (or records its edits); sign-off waits for all')
  coSign(@Param('caseId') caseId: string, @Body() body: CoSignDto, @IdempotencyKey() key?: string): Promise<CaseResponse> {
    return this.cases.step(caseId, CaseAction.CoSign, body, key);
  }

  @StepEndpoint(CaseAction.SignOff, '审签 The unit head signs the draft (refused until every co-unit opinion has arrived)')
  signOff(@Param('caseId') caseId: string, @Body() body: SignOffDto, @IdempotencyKey() key?: string): Promise<CaseResponse> {
    return this.cases.step(caseId, CaseAction.SignOff, body, key);
  }

  @StepEndpoint(CaseAction.Review, '督办审核 The supervisor approves (possibly changing the mark) or sends the draft back with a note')
  review(@Param('caseId') caseId: string, @Body() body: ReviewDto, @IdempotencyKey() key?: string): Promise<CaseResponse> {
    return this.cases.step(caseId, CaseAction.Review, body, key);
  }

  @StepEndpoint(CaseAction.Publish, '公开 Publish the reply (never its contact details), or mark it not public with a reason')
  publish(@Param('caseId') caseId: string, @Body() body: PublishDto, @IdempotencyKey() key?: string): Promise<CaseResponse> {
    return this.cases.step(caseId, CaseAction.Publish, body, key);
  }

  @StepEndpoint(CaseAction.FollowUp, '跟踪落实 The follow-up report a B-class reply owes after closing')
  followUp(@Param('caseId') caseId: string, @Body() body: FollowUpDto, @IdempotencyKey() key?: string): Promise<CaseResponse> {
    return this.cases.step(caseId, CaseAction.FollowUp, body, key);
  }

  @StepEndpoint(CaseAction.Merge, '并案 The office links cases handled together; every case is linked to the others, and each submitter still gets a separate reply')
  merge(@Param('caseId') caseId: string, @Body() body: MergeDto, @IdempotencyKey() key?: string): Promise<CaseResponse> {
    return this.cases.merge(caseId, body, key);
  }

  @Get(':caseId/co-units/:unit')
  @ApiOperation({ summary: '协办 One co-unit’s part of the case: its sign-for and opinion, their deadlines and alerts.' })
  @ApiNotFoundResponse({ description: 'No such case, or the unit is not its co-unit.' })
  coUnit(@Param('caseId') caseId: string, @Param('unit') unit: string): Promise<CoUnitResponse> {
    return this.cases.coUnit(caseId, unit);
  }

  @StepEndpoint(`co-units/:unit/${CoUnitAction.Sign}`, '协办签收 The co-unit signs for the case')
  coUnitSign(@Param('caseId') caseId: string, @Param('unit') unit: string, @Body() body: SignForDto, @IdempotencyKey() key?: string): Promise<CoUnitResponse> {
    return this.cases.coUnitStep(caseId, unit, CoUnitAction.Sign, body, key);
  }

  @StepEndpoint(`co-units/:unit/${CoUnitAction.Opinion}`, '协办意见 The co-unit sends its opinion to the lead unit')
  coUnitOpinion(@Param('caseId') caseId: string, @Param('unit') unit: string, @Body() body: CoUnitOpinionDto, @IdempotencyKey() key?: string): Promise<CoUnitResponse> {
    return this.cases.coUnitStep(caseId, unit, CoUnitAction.Opinion, body, key);
  }

  @StepEndpoint(CaseAction.Reply, '答复 Send the reviewed reply to every submitter (with the reply itself when the policy has no draft step)')
  reply(@Param('caseId') caseId: string, @Body() body: ReplyDto, @IdempotencyKey() key?: string): Promise<CaseResponse> {
    return this.cases.step(caseId, CaseAction.Reply, body, key);
  }

  @StepEndpoint(CaseAction.Visit, '走访 Record the visit')
  visit(@Param('caseId') caseId: string, @Body() body: VisitDto, @IdempotencyKey() key?: string): Promise<CaseResponse> {
    return this.cases.step(caseId, CaseAction.Visit, body, key);
  }

  @StepEndpoint(CaseAction.Survey, '满意度测评 Record a submitter’s survey answer')
  survey(@Param('caseId') caseId: string, @Body() body: SurveyDto, @IdempotencyKey() key?: string): Promise<CaseResponse> {
    return this.cases.step(caseId, CaseAction.Survey, body, key);
  }

  @StepEndpoint(CaseAction.Consult, '面商/专题说明 Record the office’s consultation after the last re-handling round; closes the case dissatisfied')
  consult(@Param('caseId') caseId: string, @Body() body: ConsultDto, @IdempotencyKey() key?: string): Promise<CaseResponse> {
    return this.cases.step(caseId, CaseAction.Consult, body, key);
  }

  @StepEndpoint(CaseAction.RequestExtension, '延期申请 Ask to move an open deadline (the reply’s by default) to a later date, with a reason')
  requestExtension(@Param('caseId') caseId: string, @Body() body: ExtensionRequestDto, @IdempotencyKey() key?: string): Promise<CaseResponse> {
    return this.cases.step(caseId, CaseAction.RequestExtension, body, key);
  }

  @StepEndpoint(CaseAction.DecideExtension, '延期审批 The office approves (the deadline moves, its alerts are planned anew) or rejects the pending request')
  decideExtension(@Param('caseId') caseId: string, @Body() body: ExtensionDecisionDto, @IdempotencyKey() key?: string): Promise<CaseResponse> {
    return this.cases.step(caseId, CaseAction.DecideExtension, body, key);
  }

  @StepEndpoint(CaseAction.Withdraw, '撤案 The office withdraws the case with a reason; it closes as withdrawn and its alerts stop')
  withdraw(@Param('caseId') caseId: string, @Body() body: WithdrawDto, @IdempotencyKey() key?: string): Promise<CaseResponse> {
    return this.cases.step(caseId, CaseAction.Withdraw, body, key);
  }

  @StepEndpoint(CaseAction.StopClock, '中止 The office stops the clock of every open deadline, with a reason; no alert and no overdue until restarted')
  stopClock(@Param('caseId') caseId: string, @Body() body: StopClockDto, @IdempotencyKey() key?: string): Promise<CaseResponse> {
    return this.cases.step(caseId, CaseAction.StopClock, body, key);
  }

  @StepEndpoint(CaseAction.RestartClock, '恢复 The office restarts the clock; every suspended deadline moves by the calendar days it stood still')
  restartClock(@Param('caseId') caseId: string, @Body() body: RestartClockDto, @IdempotencyKey() key?: string): Promise<CaseResponse> {
    return this.cases.step(caseId, CaseAction.RestartClock, body, key);
  }
}
