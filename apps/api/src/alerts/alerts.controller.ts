import { Body, Controller, Get, Headers, HttpCode, MessageEvent, Param, Post, Query, Sse } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { AlertStreamService } from './alert-stream.service';
import { AlertsService } from './alerts.service';
import { AckAlertDto, AlertDto, AlertListDto, DeliveryLogDto, ListAlertsQueryDto, StreamAlertsQueryDto } from './dto/alert.dto';

const alertIdNote = 'Alert ids contain `/`: send them URL-encoded (encodeURIComponent).';

@ApiTags('alerts')
@Controller('api/alerts')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly streams: AlertStreamService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The alert feed, newest first, filtered by case, unit, kind, recipient, acknowledged, since.' })
  @ApiOkResponse({ type: AlertListDto })
  @ApiBadRequestResponse({ description: 'Invalid filter; `problems` lists each field.' })
  list(@Query() query: ListAlertsQueryDto): Promise<AlertListDto> {
    return this.alerts.list(query);
  }

  @Sse('stream')
  @ApiOperation({
    summary: 'New alerts as server-sent events (text/event-stream): `id:` is the alert id, `data:` the alert as the feed lists it. Reconnect with Last-Event-ID to get what was missed first.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Replay the alerts emitted after this one.' })
  @ApiOkResponse({
    description: 'An endless stream of events, each `id: <alertId>` and `data: <the alert as GET /api/alerts lists it>`.',
    content: { 'text/event-stream': { schema: { type: 'string', example: 'id: dongli-mca-2020.npc-suggestion.11/reply/r1/overdue\ndata: {"alertId":"…","kind":"overdue",…}\n\n' } } },
  })
  stream(@Query() query: StreamAlertsQueryDto, @Headers('last-event-id') lastEventId?: string): Observable<MessageEvent> {
    const { lastEventId: fromQuery, ...filter } = query;
    return this.streams.stream(filter, lastEventId || fromQuery);
  }

  @Get(':alertId')
  @ApiOperation({ summary: `One alert. ${alertIdNote}` })
  @ApiOkResponse({ type: AlertDto })
  @ApiNotFoundResponse({ description: 'No such alert.' })
  get(@Param('alertId') alertId: string): Promise<AlertDto> {
    return this.alerts.get(alertId);
  }

  @Post(':alertId/ack')
  @HttpCode(200)
  @ApiOperation({ summary: `Acknowledge an alert (who and when are recorded; acknowledging again keeps the first). ${alertIdNote}` })
  @ApiOkResponse({ type: AlertDto })
  @ApiNotFoundResponse({ description: 'No such alert.' })
  acknowledge(@Param('alertId') alertId: string, @Body() body: AckAlertDto): Promise<AlertDto> {
    return this.alerts.acknowledge(alertId, body.actor);
  }

  @Get(':alertId/deliveries')
  @ApiOperation({ summary: `The delivery log of an alert: every attempt per subscription, with status code or error. ${alertIdNote}` })
  @ApiOkResponse({ type: DeliveryLogDto })
  @ApiNotFoundResponse({ description: 'No such alert.' })
  deliveries(@Param('alertId') alertId: string): Promise<DeliveryLogDto> {
    return this.alerts.deliveries(alertId);
  }
}
