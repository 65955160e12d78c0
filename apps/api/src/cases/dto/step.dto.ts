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
} from '../../../../../workflows/case/case.definitions';

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

export class ReplyDto extends StepDto implements ReplyInput {
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
  @ApiPropertyOptional({ enum: ['sign', 'work-plan', 'contact', 'reply'], default: 'reply', description: 'Which open deadline (re-handling ones are rehandle-N).' })
  @Optional() @IsString() @Matches(/^(sign|work-plan|contact|reply|rehandle-\d{1,2})$/, { message: 'deadline must be sign, work-plan, contact, reply or rehandle-N' })
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
