import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CASE_ACTIONS, CO_UNIT_ACTIONS, CO_UNIT_STEPS, CaseAction, CoUnitAction, StepInput, STEPS } from '../../../../libs/contract';
import { CaseResponse, CasesService, CoUnitResponse, MAX_CASE_ID_LENGTH, MAX_UNIT_LENGTH } from './cases.service';
import { CaseDto, CaseStepDto, CoUnitDto, CoUnitStepDto } from './dto/case.dto';
import { CaseListDto, ListCasesQueryDto } from './dto/list-cases.dto';
import { CO_UNIT_DTOS, DtoClass, STEP_DTOS } from './dto/step.dto';

/** Path parameters: longer ones name no case (404, without asking Temporal). */
const CASE_ID_PARAM = {
  name: 'caseId', description: '{cycleId}.{kind}.{number}', example: 'dongli-mca-2020.npc-suggestion.11',
  schema: { type: 'string' as const, minLength: 1, maxLength: MAX_CASE_ID_LENGTH },
};
const UNIT_PARAM = {
  name: 'unit', description: 'A co-unit of the case, URL-encoded.', example: '区司法局',
  schema: { type: 'string' as const, minLength: 1, maxLength: MAX_UNIT_LENGTH },
};

/**
 * The case routes. Reads are written out; the step routes are made from the step table, one
 * `POST /api/cases/{caseId}/{step}` per case action and one `POST /api/cases/{caseId}/co-units/{unit}/{step}`
 * per co-unit action, each validating its body with the step's DTO.
 */
@ApiTags('cases')
@Controller('api/cases')
export class CasesController {
  constructor(readonly cases: CasesService) {}

  @Get()
  @ApiOperation({ summary: 'List cases from Temporal visibility, filtered by cycle, unit (lead or co-unit), stage, overdue.' })
  @ApiOkResponse({ type: CaseListDto })
  list(@Query() query: ListCasesQueryDto): Promise<CaseListDto> {
    return this.cases.list(query);
  }

  @Get(':caseId')
  @ApiOperation({ summary: 'One case: stage, due dates with explanations, history, allowedActions.' })
  @ApiParam(CASE_ID_PARAM)
  @ApiOkResponse({ type: CaseDto, description: 'The case: stage, stageLabel, deadlines, history, allowedActions, yourActions, needsAttention.' })
  @ApiNotFoundResponse({ description: 'No such case.' })
  get(@Param('caseId') caseId: string): Promise<CaseResponse> {
    return this.cases.get(caseId);
  }

  @Get(':caseId/co-units/:unit')
  @ApiOperation({ summary: '协办 One co-unit’s part of the case: its sign-for and opinion, their deadlines and alerts.' })
  @ApiParam(CASE_ID_PARAM)
  @ApiParam(UNIT_PARAM)
  @ApiOkResponse({ type: CoUnitDto, description: 'The co-unit’s part: stage, deadlines, opinion, allowedActions.' })
  @ApiNotFoundResponse({ description: 'No such case, or the unit is not its co-unit.' })
  coUnit(@Param('caseId') caseId: string, @Param('unit') unit: string): Promise<CoUnitResponse> {
    return this.cases.coUnit(caseId, unit);
  }
}

const stepResponses = [
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Optional. Retries with the same key (per case and step) get the first result; the step is applied once. ' +
      '1–200 visible ASCII characters (anything else: 400). The same key with another body: 409 IdempotencyKeyReused.',
    schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' },
  }),
  ApiParam(CASE_ID_PARAM),
  ApiBadRequestResponse({ description: 'Invalid body (or Idempotency-Key); `problems` lists each field. Nothing is changed.' }),
  ApiNotFoundResponse({ description: 'No such case.' }),
  ApiConflictResponse({ description: 'Step not allowed now (`stage` and `allowedActions` say what is), or the Idempotency-Key was first used with another body. Nothing is changed.' }),
];

/** Adds a POST route to the controller, its method calling `handle`; params: caseId, (unit,) body, Idempotency-Key. */
function addStepRoute(
  name: string,
  path: string,
  summary: string,
  dto: DtoClass<object>,
  withUnit: boolean,
  handle: (cases: CasesService, params: { caseId: string; unit: string; body: StepInput; key?: string }) => Promise<unknown>,
): void {
  const proto = CasesController.prototype as unknown as Record<string, unknown>;
  proto[name] = withUnit
    ? function (this: CasesController, caseId: string, unit: string, body: StepInput, key?: string) {
      return handle(this.cases, { caseId, unit, body, key });
    }
    : function (this: CasesController, caseId: string, body: StepInput, key?: string) {
      return handle(this.cases, { caseId, unit: '', body, key });
    };
  const descriptor = Object.getOwnPropertyDescriptor(proto, name)!;
  const answers = withUnit
    ? [ApiParam(UNIT_PARAM), ApiOkResponse({ type: CoUnitStepDto, description: 'The co-unit’s part after the step, and the step’s outcome.' })]
    : [ApiOkResponse({ type: CaseStepDto, description: 'The case after the step (stage, due dates, history, allowedActions), and the step’s outcome.' })];
  for (const decorate of [Post(path), HttpCode(200), ApiOperation({ summary }), ApiBody({ type: dto }), ...stepResponses, ...answers]) {
    decorate(CasesController.prototype, name, descriptor);
  }
  const params = withUnit ? [Param('caseId'), Param('unit'), Body(), Headers('idempotency-key')] : [Param('caseId'), Body(), Headers('idempotency-key')];
  params.forEach((decorate, index) => decorate(CasesController.prototype, name, index));
  const types = withUnit ? [String, String, dto, String] : [String, dto, String];
  Reflect.defineMetadata('design:paramtypes', types, CasesController.prototype, name);
}

for (const action of CASE_ACTIONS) {
  const step: CaseAction = action;
  addStepRoute(`step_${step}`, `:caseId/${step}`, STEPS[step].action.summary, STEP_DTOS[step], false, (cases, p) => cases.step(p.caseId, step, p.body, p.key));
}
for (const action of CO_UNIT_ACTIONS) {
  const step: CoUnitAction = action;
  addStepRoute(`coUnit_${step}`, `:caseId/co-units/:unit/${step}`, CO_UNIT_STEPS[step].summary, CO_UNIT_DTOS[step], true, (cases, p) =>
    cases.coUnitStep(p.caseId, p.unit, step, p.body, p.key));
}
