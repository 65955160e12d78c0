import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { IsIsoDate, Optional } from '../../common/validators';
import {
  CoSignInput,
  CoUnitOpinionInput,
  DraftReplyInput,
  FollowUpInput,
  MergeInput,
  PublishInput,
  ReturnDecisionInput,
  ReturnInput,
  ReviewInput,
  SignOffInput,
  ConsultInput,
  DeadlineId,
  ExtensionDecisionInput,
  ExtensionRequestInput,
  RestartClockInput,
  StopClockInput,
  WithdrawInput,
  CONTACT_METHODS,
  ContactInput,
  ContactMethod,
  ReplyInput,
  SignForInput,
  SURVEY_ANSWERS,
  SurveyAnswer,
  SurveyInput,
  VisitInput,
  WorkPlanInput,
} from '../../../../../libs/contract';

const EXTENDABLE = ['sign', 'work-plan', 'contact', 'draft-reply', 'co-sign', 'sign-off', 'review', 'reply', 'visit', 'publish', 'follow-up'];

export class StepDto {
  @ApiPropertyOptional({ description: 'Who performed the step; defaults to the unit whose step it is.', example: '张三' })
  @Optional() @IsString() @IsNotEmpty() @MaxLength(100)
  actor?: string;
}

export class SignForDto extends StepDto implements SignForInput {}

export class WorkPlanDto extends StepDto implements WorkPlanInput {
  @ApiProperty({ example: '分管领导牵头，社区建设科具体落实，走访调研后形成答复' })
  @IsString() @IsNotEmpty() @MaxLength(5000)
  summary!: string;

  @ApiProperty({ example: '社区建设科 李四' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  responsible!: string;

  @ApiProperty({ example: '2020-06-30' })
  @IsString() @IsIsoDate()
  plannedCompletionOn!: string;
}

export class ContactDto extends StepDto implements ContactInput {
  @ApiProperty({ enum: CONTACT_METHODS, description: 'face-to-face counts toward the meeting rate' })
  @IsIn(CONTACT_METHODS)
  method!: ContactMethod;

  @ApiProperty({ example: '2020-05-12' })
  @IsString() @IsIsoDate()
  contactedOn!: string;

  @ApiPropertyOptional({ example: '到代表所在社区当面沟通' })
  @Optional() @IsString() @MaxLength(2000)
  note?: string;
}

export class DraftReplyDto extends StepDto implements DraftReplyInput {
  @ApiProperty({ example: '您提出的关于……的建议收悉，现答复如下：……' })
  @IsString() @IsNotEmpty() @MaxLength(50000)
  text!: string;

  @ApiProperty({ example: 'A', description: "A code of the cycle's classification scheme (A/B/C by default)." })
  @IsString() @Matches(/^[A-Z]$/, { message: 'classification must be one capital letter, e.g. A, B or C' })
  classification!: string;

  @ApiProperty({ example: '王五' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  contactPerson!: string;

  @ApiProperty({ example: '022-12345678' })
  @IsString() @Matches(/^[0-9+\-() ]{3,30}$/, { message: 'contactPhone must be a phone number' })
  contactPhone!: string;
}

/**
 * 答复. Under a policy with a draft-reply step (the NPC and CPPCC presets) the body carries only
 * `repliedOn`: the reviewed draft is what is sent. Without one (the hotline) it carries the reply.
 */
export class ReplyDto extends StepDto implements ReplyInput {
  @ApiPropertyOptional({ example: '2020-06-15', description: 'The date on the letter; the day of the request by default.' })
  @Optional() @IsIsoDate()
  repliedOn?: string;

  @ApiPropertyOptional({ description: 'Only when the policy has no draft-reply step.', example: '您反映的问题已处理……' })
  @Optional() @IsString() @IsNotEmpty() @MaxLength(50000)
  text?: string;

  @ApiPropertyOptional({ example: 'A' })
  @Optional() @IsString() @Matches(/^[A-Z]$/, { message: 'classification must be one capital letter, e.g. A, B or C' })
  classification?: string;

  @ApiPropertyOptional({ example: '王五' })
  @Optional() @IsString() @IsNotEmpty() @MaxLength(100)
  contactPerson?: string;

  @ApiPropertyOptional({ example: '022-12345678' })
  @Optional() @IsString() @Matches(/^[0-9+\-() ]{3,30}$/, { message: 'contactPhone must be a phone number' })
  contactPhone?: string;
}

export class ReturnDto extends StepDto implements ReturnInput {
  @ApiProperty({ example: '该事项属区住建委职责，建议调整承办单位' })
  @IsString() @IsNotEmpty() @MaxLength(2000)
  reason!: string;
}

export class ReturnDecisionDto extends StepDto implements ReturnDecisionInput {
  @ApiProperty({ enum: ['reject', 'reassign'], description: '驳回 (the unit handles it) or 调整 (another unit takes it over)' })
  @IsIn(['reject', 'reassign'])
  decision!: 'reject' | 'reassign';

  @ApiPropertyOptional({ example: '区住建委', description: 'Required to reassign.' })
  @Optional() @IsString() @IsNotEmpty() @MaxLength(100)
  newLeadUnit?: string;

  @ApiPropertyOptional()
  @Optional() @IsString() @IsNotEmpty() @MaxLength(2000)
  note?: string;
}

export class CoSignDto extends StepDto implements CoSignInput {
  @ApiProperty({ example: '区司法局', description: 'The co-unit that co-signs.' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  unit!: string;

  @ApiPropertyOptional({ description: 'The co-unit’s edits, if it did not simply agree.' })
  @Optional() @IsString() @IsNotEmpty() @MaxLength(20000)
  edits?: string;
}

export class SignOffDto extends StepDto implements SignOffInput {
  @ApiPropertyOptional({ example: '同意，加盖公章' })
  @Optional() @IsString() @IsNotEmpty() @MaxLength(2000)
  note?: string;
}

export class ReviewDto extends StepDto implements ReviewInput {
  @ApiProperty({ enum: ['approve', 'send-back'] })
  @IsIn(['approve', 'send-back'])
  decision!: 'approve' | 'send-back';

  @ApiPropertyOptional({ example: 'B', description: 'The supervisor’s mark when approving, if it differs from the unit’s.' })
  @Optional() @IsString() @Matches(/^[A-Z]$/, { message: 'classification must be one capital letter, e.g. A, B or C' })
  classification?: string;

  @ApiPropertyOptional({ description: 'Required when sending back: what to revise.' })
  @Optional() @IsString() @IsNotEmpty() @MaxLength(5000)
  note?: string;
}

export class PublishDto extends StepDto implements PublishInput {
  @ApiProperty({ description: 'false: not public (涉密/不宜公开), with a reason.' })
  @IsBoolean()
  public!: boolean;

  @ApiPropertyOptional({ example: '涉及个人隐私，不宜公开' })
  @Optional() @IsString() @IsNotEmpty() @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ description: 'Passages were left out of the published text.' })
  @Optional() @IsBoolean()
  redacted?: boolean;
}

export class FollowUpDto extends StepDto implements FollowUpInput {
  @ApiProperty({ example: '项目已于年底建成投用' })
  @IsString() @IsNotEmpty() @MaxLength(20000)
  report!: string;

  @ApiProperty({ example: '2021-03-01' })
  @IsIsoDate()
  reportedOn!: string;
}

export class MergeDto extends StepDto implements MergeInput {
  @ApiProperty({ type: [String], example: ['dongli-mca-2020.npc-suggestion.12'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(200, { each: true })
  cases!: string[];

  @ApiProperty({ example: '内容相近，并案办理' })
  @IsString() @IsNotEmpty() @MaxLength(2000)
  reason!: string;
}

export class CoUnitOpinionDto extends StepDto implements CoUnitOpinionInput {
  @ApiProperty({ example: '我局同意主办单位意见，将配合做好法律援助工作' })
  @IsString() @IsNotEmpty() @MaxLength(20000)
  opinion!: string;
}

export class VisitDto extends StepDto implements VisitInput {
  @ApiProperty({ example: '2020-06-20' })
  @IsString() @IsIsoDate()
  visitedOn!: string;

  @ApiProperty({ enum: CONTACT_METHODS })
  @IsIn(CONTACT_METHODS)
  method!: ContactMethod;

  @ApiProperty({ type: [String], example: ['局长 赵六', '第11号建议领衔代表'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(100, { each: true })
  participants!: string[];

  @ApiPropertyOptional()
  @Optional() @IsString() @MaxLength(2000)
  note?: string;
}

export class SurveyDto extends StepDto implements SurveyInput {
  @ApiPropertyOptional({ description: 'Which submitter answered; may be omitted when the case has only one.' })
  @Optional() @IsString() @IsNotEmpty() @MaxLength(100)
  submitter?: string;

  @ApiProperty({ enum: SURVEY_ANSWERS, description: '办理结果 satisfaction with the result' })
  @IsIn(SURVEY_ANSWERS)
  result!: SurveyAnswer;

  @ApiPropertyOptional({ enum: SURVEY_ANSWERS, description: '办理态度 satisfaction with the attitude' })
  @Optional() @IsIn(SURVEY_ANSWERS)
  attitude?: SurveyAnswer;

  @ApiPropertyOptional({ description: 'Entered by the office from a paper form.' })
  @Optional() @IsBoolean()
  proxyEntry?: boolean;
}

export class ConsultDto extends StepDto implements ConsultInput {
  @ApiProperty({ example: '分管副区长与代表面商，专题说明政策限制' })
  @IsString() @IsNotEmpty() @MaxLength(5000)
  summary!: string;

  @ApiProperty({ example: '2020-09-15' })
  @IsIsoDate()
  consultedOn!: string;
}

export class ExtensionRequestDto extends StepDto implements ExtensionRequestInput {
  @ApiPropertyOptional({ enum: EXTENDABLE, default: 'reply', description: 'Which open deadline (re-handling ones are rehandle-N).' })
  @Optional() @IsString() @Matches(new RegExp(`^(${EXTENDABLE.join('|')}|rehandle-\\d{1,2})$`), { message: `deadline must be one of ${EXTENDABLE.join(', ')} or rehandle-N` })
  deadline?: DeadlineId;

  @ApiProperty({ example: '2020-08-31' })
  @IsIsoDate()
  newDueOn!: string;

  @ApiProperty({ example: '需待市级部门出台配套政策后方能答复' })
  @IsString() @IsNotEmpty() @MaxLength(2000)
  reason!: string;
}

export class ExtensionDecisionDto extends StepDto implements ExtensionDecisionInput {
  @ApiProperty({ description: 'true approves the request and moves the deadline; false rejects it.' })
  @IsBoolean()
  approve!: boolean;

  @ApiPropertyOptional({ example: '同意延期' })
  @Optional() @IsString() @MaxLength(2000)
  note?: string;
}

export class WithdrawDto extends StepDto implements WithdrawInput {
  @ApiProperty({ example: '代表本人申请撤回，经交办单位同意' })
  @IsString() @IsNotEmpty() @MaxLength(2000)
  reason!: string;
}

export class StopClockDto extends StepDto implements StopClockInput {
  @ApiProperty({ example: '待市级主管部门答复后方能办理' })
  @IsString() @IsNotEmpty() @MaxLength(2000)
  reason!: string;
}

export class RestartClockDto extends StepDto implements RestartClockInput {
  @ApiPropertyOptional({ example: '已收到市级部门答复' })
  @Optional() @IsString() @IsNotEmpty() @MaxLength(2000)
  note?: string;
}
