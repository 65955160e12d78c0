import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import type { CalendarCorrection, DayDescription, DayReason, DeadlineUnit, DueDate } from '../../../../../libs/calendar';
import { duplicateCorrections } from '../../../../../libs/calendar';
import { DEADLINE_UNITS } from '../../../../../libs/policy';
import { IsCleanLine, IsCleanText, IsIsoDate, Optional } from '../../common/validators';
import { LINE_PATTERN, TEXT_PATTERN } from '../../edge/text-rules';

/** Most corrections one version may hold: a whole year's notice is a few dozen; a year has 366 days. */
export const MAX_CALENDAR_DAYS = 1000;
/** Years a correction or a loaded year may fall in. */
export const CALENDAR_YEARS = { min: 1990, max: 2100 } as const;
export const MAX_COVERED_YEARS = 20;

/** The largest version number a path or query may name (nine digits). */
const MAX_VERSION = 999_999_999;

/** A query or path value that must be a whole number: '12' → 12; anything else stays as it is and is refused. */
const ToInteger = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value));

/** A date (YYYY-MM-DD, checked by IsIsoDate) whose year is within CALENDAR_YEARS. */
function InCalendarYears(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'inCalendarYears',
      validator: {
        validate: (value: unknown) => {
          const year = typeof value === 'string' ? Number(value.slice(0, 4)) : NaN;
          return year >= CALENDAR_YEARS.min && year <= CALENDAR_YEARS.max;
        },
        defaultMessage: (args) => `${args?.property} must be in the years ${CALENDAR_YEARS.min} to ${CALENDAR_YEARS.max}`,
      },
    },
    options,
  );
}

/** No date listed twice in a list of corrections (each repetition named with its first listing). */
function NoRepeatedDates(options?: ValidationOptions): PropertyDecorator {
  const repeated = (value: unknown) =>
    Array.isArray(value) ? duplicateCorrections(value.filter((d): d is { date: string } => typeof d?.date === 'string')) : [];
  return ValidateBy(
    {
      name: 'noRepeatedDates',
      validator: {
        validate: (value: unknown) => repeated(value).length === 0,
        defaultMessage: (args) =>
          repeated(args?.value)
            .map(({ index, first, date }) => `${args?.property}.${index} repeats ${args?.property}.${first} (${date})`)
            .join('; '),
      },
    },
    options,
  );
}

export class CalendarDayDto implements CalendarCorrection {
  @ApiProperty({ example: '2020-01-31', format: 'date', description: `A date in the years ${CALENDAR_YEARS.min} to ${CALENDAR_YEARS.max}.` })
  @IsIsoDate() @InCalendarYears()
  date!: string;

  @ApiProperty({ description: 'true: a working day; false: a day off.', example: false })
  @IsBoolean()
  working!: boolean;

  @ApiPropertyOptional({ description: 'Why; shown in due-date explanations.', example: '春节假期延长', maxLength: 100, pattern: LINE_PATTERN })
  @Optional() @IsString() @MaxLength(100) @IsCleanLine()
  note?: string;
}

/** A jurisdiction's complete set of corrections: stored as its next version. */
export class PutCalendarDto {
  @ApiProperty({
    type: [CalendarDayDto],
    description: `Every date the jurisdiction sees differently from the official calendar (at most ${MAX_CALENDAR_DAYS}); replaces the previous version's list.`,
    maxItems: MAX_CALENDAR_DAYS,
  })
  @IsArray() @ArrayMaxSize(MAX_CALENDAR_DAYS) @NoRepeatedDates()
  @IsObject({ each: true, message: 'each of days must be an object {date, working, note?}' })
  @ValidateNested({ each: true }) @Type(() => CalendarDayDto)
  days!: CalendarDayDto[];

  @ApiPropertyOptional({
    type: [Number],
    description: 'Years loaded whole (e.g. next year’s notice, published in November): they stop being provisional.',
    example: [2027],
    maxItems: MAX_COVERED_YEARS, uniqueItems: true, items: { type: 'integer', minimum: CALENDAR_YEARS.min, maximum: CALENDAR_YEARS.max },
  })
  @Optional() @IsArray() @ArrayMaxSize(MAX_COVERED_YEARS) @ArrayUnique()
  @IsInt({ each: true }) @Min(CALENDAR_YEARS.min, { each: true }) @Max(CALENDAR_YEARS.max, { each: true })
  coversYears?: number[];

  @ApiProperty({ description: 'Why this version (the notice it follows).', example: '国务院办公厅关于2020年春节假期延长的通知', minLength: 1, maxLength: 500, pattern: TEXT_PATTERN })
  @IsString() @IsNotEmpty() @MaxLength(500) @IsCleanText()
  note!: string;
}

/** Changes to the latest version: stored as the next version. */
export class PatchCalendarDto {
  @ApiPropertyOptional({ type: [CalendarDayDto], description: 'Dates to add, or to replace in the latest version.', maxItems: MAX_CALENDAR_DAYS })
  @Optional() @IsArray() @ArrayMaxSize(MAX_CALENDAR_DAYS) @NoRepeatedDates()
  @IsObject({ each: true, message: 'each of days must be an object {date, working, note?}' })
  @ValidateNested({ each: true }) @Type(() => CalendarDayDto)
  days?: CalendarDayDto[];

  @ApiPropertyOptional({
    type: 'array', items: { type: 'string', format: 'date' }, maxItems: MAX_CALENDAR_DAYS, uniqueItems: true,
    description: 'Corrected dates to drop (they follow the official calendar again).', example: ['2020-02-03'],
  })
  @Optional() @IsArray() @ArrayMaxSize(MAX_CALENDAR_DAYS) @ArrayUnique() @IsIsoDate({ each: true })
  remove?: string[];

  @ApiPropertyOptional({
    type: 'array', description: 'Years to add to those loaded whole.', example: [2027],
    maxItems: MAX_COVERED_YEARS, uniqueItems: true, items: { type: 'integer', minimum: CALENDAR_YEARS.min, maximum: CALENDAR_YEARS.max },
  })
  @Optional() @IsArray() @ArrayMaxSize(MAX_COVERED_YEARS) @ArrayUnique()
  @IsInt({ each: true }) @Min(CALENDAR_YEARS.min, { each: true }) @Max(CALENDAR_YEARS.max, { each: true })
  coversYears?: number[];

  @ApiProperty({ example: '春节假期延长至2月2日', minLength: 1, maxLength: 500, pattern: TEXT_PATTERN })
  @IsString() @IsNotEmpty() @MaxLength(500) @IsCleanText()
  note!: string;
}

export class JurisdictionParams {
  @ApiProperty({ example: '天津市东丽区', description: 'As a cycle names it (`jurisdiction`); URL-encoded.', minLength: 1, maxLength: 100, pattern: LINE_PATTERN })
  @IsString() @IsNotEmpty() @MaxLength(100)
  jurisdiction!: string;
}

export class CalendarVersionParams extends JurisdictionParams {
  @ApiProperty({ example: 2, type: 'integer', minimum: 1, maximum: MAX_VERSION })
  @ToInteger() @IsInt() @Min(1)
  version!: number;
}

export class CalendarDaysQueryDto {
  @ApiProperty({ example: '2020-01-20', format: 'date' })
  @IsIsoDate()
  from!: string;

  @ApiProperty({ example: '2020-02-09', format: 'date', description: 'Inclusive; at most 366 days after `from`.' })
  @IsIsoDate()
  to!: string;

  @ApiPropertyOptional({ description: 'A stored version; default the latest (or the official calendar if none).', type: 'integer', minimum: 1, maximum: MAX_VERSION })
  @Optional() @ToInteger() @IsInt() @Min(1)
  version?: number;
}

export class CalendarDueDateQueryDto {
  @ApiProperty({ example: '2020-09-25', format: 'date', description: 'T0, not counted.' })
  @IsIsoDate()
  from!: string;

  @ApiProperty({ example: 5, type: 'integer', minimum: 0, description: 'At most what a policy may set for the unit (e.g. 250 working days); more is refused with 400.' })
  @ToInteger() @IsInt() @Min(0)
  amount!: number;

  @ApiProperty({ enum: DEADLINE_UNITS, example: 'working-days' })
  @IsIn(DEADLINE_UNITS)
  unit!: DeadlineUnit;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Calendar days/months: move a non-working due date to the next working day (default true).' })
  @Optional() @IsIn(['true', 'false'])
  rollForward?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'A stored version; default the latest (or the official calendar if none).', type: 'integer', minimum: 1, maximum: MAX_VERSION })
  @Optional() @ToInteger() @IsInt() @Min(1)
  version?: number;
}

export class CalendarVersionDto {
  @ApiProperty({ example: '天津市东丽区' }) jurisdiction!: string;
  @ApiProperty({ example: 2 }) version!: number;
  @ApiProperty({ type: [CalendarDayDto] }) days!: CalendarCorrection[];
  @ApiProperty({ type: [Number] }) coversYears!: number[];
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) createdBy!: string | null;
}

export class CalendarVersionSummaryDto {
  @ApiProperty() version!: number;
  @ApiProperty() dayCount!: number;
  @ApiProperty({ type: [Number] }) coversYears!: number[];
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) createdBy!: string | null;
}

export class CalendarVersionListDto {
  @ApiProperty() jurisdiction!: string;
  @ApiProperty({ type: [CalendarVersionSummaryDto], description: 'Oldest first.' }) versions!: CalendarVersionSummaryDto[];
}

export class JurisdictionSummaryDto {
  @ApiProperty() jurisdiction!: string;
  @ApiProperty() latestVersion!: number;
}

export class CalendarIdentityDto {
  @ApiProperty({ example: 'cn-official+天津市东丽区' }) id!: string;
  @ApiProperty({ example: 'chinese-days-1.5.7+v2' }) version!: string;
}

export class DayDescriptionDto implements DayDescription {
  @ApiProperty() date!: string;
  @ApiProperty() working!: boolean;
  @ApiProperty({ enum: ['working-day', 'weekend', 'official-holiday', 'make-up-working-day', 'office-correction'] }) reason!: DayReason;
  @ApiProperty({ example: '法定节假日' }) label!: string;
  @ApiPropertyOptional({ example: '春节' }) name?: string;
  @ApiPropertyOptional({ description: 'Office corrections: what the official calendar says.' })
  official?: { working: boolean; reason: Exclude<DayReason, 'office-correction'> };
  @ApiProperty() provisional!: boolean;
}

export class CalendarDaysDto {
  @ApiProperty() jurisdiction!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'The stored version used; null: the official calendar.' }) version!: number | null;
  @ApiProperty() calendar!: CalendarIdentityDto;
  @ApiProperty({ type: [DayDescriptionDto] }) days!: DayDescription[];
}

export class CalendarDueDateDto {
  @ApiProperty() jurisdiction!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'The stored version used; null: the official calendar.' }) version!: number | null;
  @ApiProperty({ description: 'dueOn, dueAt, skipped, rolledFrom, provisional, calendar and the explanation, as a case records it.' })
  due!: DueDate;
}
