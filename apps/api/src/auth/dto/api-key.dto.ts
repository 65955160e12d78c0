import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { Optional } from '../../common/validators';
import { ROLES, Role } from '../roles';
import type { KeyStatus } from '../api-key';

/** Names and units end up in actors (`区民政局/张三`): no slash in a name, nothing invisible. */
const PRINTABLE = /^[^\p{Cc}\p{Cf}]+$/u;

export class CreateApiKeyDto {
  @ApiProperty({ example: '张三', description: 'Who holds the key; recorded as the actor of its steps (with the unit for unit keys).' })
  @IsString() @IsNotEmpty() @MaxLength(40)
  @Matches(/^[^/]+$/, { message: 'name must not contain /' })
  @Matches(PRINTABLE, { message: 'name must not contain control characters' })
  name!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({ example: '区民政局', description: 'Required for unit-handler and unit-leader, optional for integrator (a unit’s OA), refused otherwise.' })
  @Optional() @IsString() @IsNotEmpty() @MaxLength(50)
  @Matches(PRINTABLE, { message: 'unit must not contain control characters' })
  @Matches(/^[^"\\/]+$/, { message: 'unit must not contain " \\ or /' })
  unit?: string;

  @ApiPropertyOptional({ example: '2027-01-01T00:00:00+08:00', description: 'When the key stops working (ISO 8601 instant with its offset); never, if left out.' })
  @Optional() @IsString() @IsISO8601({ strict: true, strictSeparator: true }, { message: 'expiresAt must be an ISO 8601 instant, e.g. 2027-01-01T00:00:00+08:00' })
  @Matches(/(Z|[+-]\d{2}:?\d{2})$/, { message: 'expiresAt must carry its offset (Z or +08:00)' })
  expiresAt?: string;
}

export class ApiKeyDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'banli_Ab3dE6gH', description: 'The first characters of the key, to tell keys apart.' }) prefix!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ example: '承办单位经办人' }) roleLabel!: string;
  @ApiProperty({ type: String, nullable: true }) unit!: string | null;
  @ApiProperty({ enum: ['active', 'expired', 'revoked'] }) status!: KeyStatus;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) expiresAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) revokedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Updated at most once a minute.' }) lastUsedAt!: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ example: 'banli_…', description: 'The key itself. Shown this once: only its SHA-256 is stored.' })
  key!: string;
}

export class ApiKeyListDto {
  @ApiProperty() count!: number;
  @ApiProperty({ type: [ApiKeyDto] }) keys!: ApiKeyDto[];
}
