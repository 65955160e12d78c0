import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyDto, ApiKeyListDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';

@ApiTags('keys')
@Controller('api/keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an API key (office). The key is in this answer only; banli stores its SHA-256.' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiBadRequestResponse({ description: 'Invalid body; `problems` lists each field.' })
  create(@Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.keys.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'List API keys (office): prefix, role, unit, status; never a key or its hash.' })
  @ApiOkResponse({ type: ApiKeyListDto })
  async list(): Promise<ApiKeyListDto> {
    const keys = await this.keys.list();
    return { count: keys.length, keys };
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an API key (office): the next request with it gets 401. Revoking again changes nothing.' })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiNotFoundResponse({ description: 'No key with this id.' })
  @ApiConflictResponse({ description: 'The last active office key cannot be revoked.' })
  revoke(@Param('id') id: string): Promise<ApiKeyDto> {
    return this.keys.revoke(id);
  }
}
