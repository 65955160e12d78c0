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
import { CaseAction } from '../../../../workflows/case/case.definitions';
import { CaseResponse, CasesService } from './cases.service';
import { CaseListDto, ListCasesQueryDto } from './dto/list-cases.dto';
import { ConsultDto, ContactDto, ExtensionDecisionDto, ExtensionRequestDto, ReplyDto, RestartClockDto, StopClockDto, WithdrawDto, SignForDto, SurveyDto, VisitDto, WorkPlanDto } from './dto/step.dto';

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
function StepEndpoint(path: CaseAction, summary: string): MethodDecorator {
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

  @StepEndpoint(CaseAction.Reply, '答复 Submit the reply with its classification')
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
