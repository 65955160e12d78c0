import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { SURVEY_ANSWERS, type SurveyAnswer } from '../../../../../libs/contract';
import { CASE_KINDS, type CaseKind } from '../../../../../libs/policy';
import { Optional } from '../../common/validators';

/** One submitter's link for the current round. */
export class SurveyLinkDto {
  @ApiProperty({ example: '贠连成' }) submitter!: string;
  @ApiProperty({ description: 'The lead submitter (领衔).' }) lead!: boolean;
  @ApiProperty({ description: 'Signed for this submitter and round; put it in the URL as it is.' }) token!: string;
  @ApiProperty({ description: 'The survey page to send the submitter (BANLI_PUBLIC_URL + /survey/{token}).' }) url!: string;
  @ApiProperty({ description: 'What the page reads and posts to: GET and POST /api/survey/{token}.' }) apiUrl!: string;
  @ApiProperty({ description: 'When the link stops working: the end of the round’s survey window.' }) expiresAt!: string;
  @ApiProperty({ description: 'The submitter has answered this round (through the link, the platform or the office).' }) answered!: boolean;
}

export class SurveyLinksDto {
  @ApiProperty() caseId!: string;
  @ApiProperty({ description: '1 for the first handling, 2 for the first re-handling, …' }) round!: number;
  @ApiProperty({ description: 'The round’s survey window ends (its due date’s dueAt).' }) expiresAt!: string;
  @ApiProperty({ type: [SurveyLinkDto] }) links!: SurveyLinkDto[];
}

export class SurveyOptionDto {
  @ApiProperty({ enum: SURVEY_ANSWERS }) value!: SurveyAnswer;
  @ApiProperty({ example: '满意' }) label!: string;
}

export class SurveyQuestionDto {
  @ApiProperty({ enum: ['result', 'attitude'] }) id!: 'result' | 'attitude';
  @ApiProperty({ example: '您对办理结果是否满意？' }) label!: string;
  @ApiProperty({ type: [SurveyOptionDto] }) options!: SurveyOptionDto[];
}

export class SurveyReplyDto {
  @ApiProperty({ description: 'The reply as sent (the reviewed text).' }) text!: string;
  @ApiProperty({ description: 'The date the reply bears (YYYY-MM-DD).' }) repliedOn!: string;
}

export class SurveyAnswerRecordDto {
  @ApiProperty({ enum: [...SURVEY_ANSWERS, 'no-response'] }) result!: string;
  @ApiProperty({ example: '满意' }) resultLabel!: string;
  @ApiPropertyOptional({ enum: SURVEY_ANSWERS }) attitude?: string;
  @ApiPropertyOptional({ example: '满意' }) attitudeLabel?: string;
  @ApiProperty() recordedAt!: string;
}

/** What the survey page shows: the reply, the question(s), and whether this submitter has answered. */
export class SurveyPageDto {
  @ApiProperty() caseId!: string;
  @ApiProperty({ enum: CASE_KINDS }) kind!: CaseKind;
  @ApiProperty({ example: '承德市第十五届人民代表大会第五次会议第273号建议' }) caseNumberLabel!: string;
  @ApiProperty() session!: string;
  @ApiProperty() number!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'The lead unit, which replied.' }) unit!: string;
  @ApiProperty({ description: 'Whom the link is for.' }) submitter!: string;
  @ApiProperty() round!: number;
  @ApiProperty() expiresAt!: string;
  @ApiProperty({ type: SurveyReplyDto }) reply!: SurveyReplyDto;
  @ApiProperty({ type: [SurveyQuestionDto], description: 'result; and attitude when the policy asks it (survey.askAttitude).' }) questions!: SurveyQuestionDto[];
  @ApiProperty() answered!: boolean;
  @ApiPropertyOptional({ type: SurveyAnswerRecordDto }) answer?: SurveyAnswerRecordDto;
  @ApiProperty({ description: 'An answer is taken now (the case offers its survey and this submitter has not answered).' }) open!: boolean;
  @ApiPropertyOptional({ description: 'Why not, in Chinese first, when it is not open.' }) notice?: string;
}

export class SurveyAnswerDto {
  @ApiProperty({ enum: SURVEY_ANSWERS, description: '办理结果' })
  @IsIn(SURVEY_ANSWERS)
  result!: SurveyAnswer;

  @ApiPropertyOptional({ enum: SURVEY_ANSWERS, description: '办理态度: required when the page asks it, refused otherwise.' })
  @Optional() @IsIn(SURVEY_ANSWERS)
  attitude?: SurveyAnswer;
}
