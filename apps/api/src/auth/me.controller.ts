import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { LABELS } from '../../../../libs/i18n';
import type { AuthenticatedRequest } from './auth.guard';
import { ROLES, Role } from './roles';

/** Who the calling key acts for: what a client (the dashboard) needs to show only what the key may see. */
export class MeDto {
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ example: '承办单位经办人' }) roleLabel!: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '区民政局' }) unit!: string | null;
  @ApiProperty({ example: '张三' }) name!: string;
  @ApiProperty({ example: 'banli_Ab3dE6gH' }) prefix!: string;
}

@ApiTags('keys')
@Controller('api/me')
export class MeController {
  @Get()
  @ApiOperation({ summary: 'The calling key: its role, unit, name and prefix (any key; never the key itself).' })
  @ApiOkResponse({ type: MeDto })
  me(@Req() req: AuthenticatedRequest): MeDto {
    // The guard authenticated the key (the route is no open one): a principal is always there.
    const { role, unit, name, prefix } = req.principal!;
    return { role, roleLabel: LABELS.role[role], unit, name, prefix };
  }
}
