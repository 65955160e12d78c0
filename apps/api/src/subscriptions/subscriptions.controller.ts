import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CreatedSubscriptionDto, CreateSubscriptionDto, SubscriptionListDto } from './dto/create-subscription.dto';
import { SubscriptionsService } from './subscriptions.service';

@ApiTags('alerts')
@Controller('api/subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Subscribe a webhook or an email address to alerts, filtered by recipient, unit and rungs. A webhook’s signing secret is in this answer only.',
  })
  @ApiCreatedResponse({ type: CreatedSubscriptionDto })
  @ApiBadRequestResponse({ description: 'Invalid body; `problems` lists each field. Nothing is stored.' })
  create(@Body() body: CreateSubscriptionDto): Promise<CreatedSubscriptionDto> {
    return this.subscriptions.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'Active subscriptions (secrets are never shown again).' })
  @ApiOkResponse({ type: SubscriptionListDto })
  list(): Promise<SubscriptionListDto> {
    return this.subscriptions.list();
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a subscription: nothing more is delivered to it, retries in progress included.' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ description: 'No such (active) subscription.' })
  remove(@Param('id') id: string): Promise<void> {
    return this.subscriptions.remove(id);
  }
}
