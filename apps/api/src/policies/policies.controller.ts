import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { PolicySummaryDto, PolicyVersionParams, StoredPolicyDto } from './dto/policy.dto';
import { PoliciesService } from './policies.service';

@ApiTags('policies')
@Controller('api/policies')
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Post()
  @ApiOperation({ summary: 'Store a policy document (JSON, or YAML as application/yaml or text/yaml), validated; id + version never change.' })
  @ApiConsumes('application/json', 'application/yaml', 'text/yaml')
  @ApiBody({ description: 'A complete policy document (see libs/policy/examples/npc-suggestion.policy.yaml).', schema: { type: 'object' } })
  @ApiCreatedResponse({ type: StoredPolicyDto, description: 'Stored.' })
  @ApiOkResponse({ type: StoredPolicyDto, description: 'This id and version were already stored with the same document.' })
  @ApiBadRequestResponse({ description: 'Invalid document; `problems` gives each path and reason.' })
  @ApiConflictResponse({ description: 'This id and version are stored (or a preset) with a different document.' })
  async store(@Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<StoredPolicyDto> {
    const { created, policy } = await this.policies.store(body);
    res.status(created ? 201 : 200);
    return policy;
  }

  @Get()
  @ApiOperation({ summary: 'The built-in presets and every stored policy document.' })
  @ApiOkResponse({ type: [PolicySummaryDto] })
  list(): Promise<PolicySummaryDto[]> {
    return this.policies.list();
  }

  @Get(':id/versions/:version')
  @ApiOperation({ summary: 'One policy document (stored or preset), complete.' })
  @ApiOkResponse({ type: StoredPolicyDto })
  @ApiNotFoundResponse({ description: 'No such id and version.' })
  get(@Param() { id, version }: PolicyVersionParams): Promise<StoredPolicyDto> {
    return this.policies.get(id, version);
  }
}
