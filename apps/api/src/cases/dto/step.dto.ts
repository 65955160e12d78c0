/**
 * The DTO of every step, made from its fields in the step table (libs/contract/steps.ts): the
 * class-validator checks the global ValidationPipe runs and the OpenAPI schema Swagger shows. A
 * new step gets its DTO from its row; nothing here names a step.
 */
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
import { LINE_PATTERN, TEXT_PATTERN } from '../../edge/text-rules';
import {
  ACTOR_FIELD,
  CASE_ACTIONS,
  CO_UNIT_ACTIONS,
  CO_UNIT_STEPS,
  CaseAction,
  CoUnitAction,
  CoUnitInputOf,
  Field,
  Fields,
  isOneLine,
  StepInputOf,
  STEPS,
} from '../../../../../libs/contract';
import { IsCleanLine, IsCleanText, IsIsoDate, Optional } from '../../common/validators';

/** A DTO class: what the ValidationPipe instantiates and Swagger reads. */
export type DtoClass<T> = new () => T;

export const STEP_DTOS: { readonly [A in CaseAction]: DtoClass<StepInputOf<A>> } = dtosFor(
  CASE_ACTIONS,
  (action) => `${pascal(action)}Dto`,
  (action) => STEPS[action].action.fields,
);

export const CO_UNIT_DTOS: { readonly [A in CoUnitAction]: DtoClass<CoUnitInputOf<A>> } = dtosFor(
  CO_UNIT_ACTIONS,
  (action) => `CoUnit${pascal(action)}Dto`,
  (action) => CO_UNIT_STEPS[action].fields,
);

function dtosFor<K extends string, R>(keys: readonly K[], name: (key: K) => string, fields: (key: K) => Fields): R {
  return Object.fromEntries(keys.map((key) => [key, dtoClass(name(key), fields(key))])) as R;
}

/** A class named `name` whose properties carry the validators and OpenAPI metadata of `fields`, and the actor. */
export function dtoClass(name: string, fields: Fields): DtoClass<object> {
  const Dto = { [name]: class {} }[name];
  for (const [property, field] of Object.entries({ ...fields, actor: ACTOR_FIELD })) {
    for (const decorate of decoratorsOf(property, field)) decorate(Dto.prototype, property);
  }
  return Dto;
}

function decoratorsOf(property: string, field: Field): PropertyDecorator[] {
  const optional = field.optional ? [Optional()] : [];
  const doc = { description: field.description ?? (property === 'actor' ? 'Who performed the step; set from the API key (an office may name the person it enters it for).' : undefined), example: field.example };
  const api = field.optional ? ApiPropertyOptional : ApiProperty;
  switch (field.kind) {
    case 'text': {
      // A person's text: no control characters (one-line fields no tab or line break either), the
      // one rule every DTO applies (apps/api/src/edge/text-rules.ts).
      const oneLine = isOneLine(field);
      return [
        ...optional,
        api({
          ...doc, type: String, maxLength: field.max, ...(field.allowEmpty ? {} : { minLength: 1 }),
          pattern: field.pattern?.source ?? (oneLine ? LINE_PATTERN : TEXT_PATTERN),
        }),
        IsString(),
        ...(field.allowEmpty ? [] : [IsNotEmpty()]),
        MaxLength(field.max),
        oneLine ? IsCleanLine() : IsCleanText(),
        ...(field.pattern ? [Matches(new RegExp(field.pattern.source), { message: `${property} ${field.pattern.message}` })] : []),
      ];
    }
    case 'date':
      return [...optional, api({ ...doc, type: String, format: 'date' }), IsIsoDate()];
    case 'enum':
      return [...optional, api({ ...doc, enum: [...field.values] }), IsIn([...field.values])];
    case 'boolean':
      return [...optional, api({ ...doc, type: Boolean }), IsBoolean()];
    case 'list':
      return [
        ...optional,
        api({ ...doc, type: 'array', items: { type: 'string', minLength: 1, maxLength: field.itemMax, pattern: LINE_PATTERN }, minItems: 1, maxItems: field.max }),
        IsArray(),
        ArrayMinSize(1),
        ArrayMaxSize(field.max),
        IsString({ each: true }),
        IsNotEmpty({ each: true }),
        MaxLength(field.itemMax, { each: true }),
        IsCleanLine({ each: true }),
      ];
  }
}

/** 'extension-request' → 'ExtensionRequest'. */
function pascal(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_m, _dash, c: string) => c.toUpperCase());
}
