import { Injectable } from '@nestjs/common';
import { Counter, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS, newRegistry } from '../../../../libs/telemetry';

/** How a step ended: applied, refused (400/404/409: nothing changed), or failed (Temporal did not answer, an error). */
export type StepOutcome = 'applied' | 'refused' | 'failed';

/**
 * The API's Prometheus metrics (GET /metrics). Labels never carry a case id, a unit or a raw URL:
 * routes are Express's patterns (`/api/cases/:caseId/sign`), actions the step table's names.
 */
@Injectable()
export class ApiMetrics {
  readonly registry: Registry = newRegistry();

  private readonly requests = new Counter({
    name: 'banli_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly latency = new Histogram({
    name: 'banli_http_request_duration_seconds',
    help: 'Time to answer an HTTP request (event streams are counted, not timed), by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly steps = new Histogram({
    name: 'banli_step_duration_seconds',
    help: 'Time of a step (the Temporal update and the read of the case after it), by action and outcome',
    labelNames: ['action', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly launches = new Counter({
    name: 'banli_launches_started_total',
    help: 'Launches recorded and handed to their workflow (the worker counts how they finish)',
    registers: [this.registry],
  });

  /** One answered request; `seconds` undefined for a response not to be timed (an event stream). */
  request(method: string, route: string, status: number, seconds: number | undefined): void {
    const labels = { method, route, status: String(status) };
    this.requests.inc(labels);
    if (seconds !== undefined) this.latency.observe(labels, seconds);
  }

  /** Times a step by its action; `refused` tells a refusal (nothing changed) from a failure. */
  async step<T>(action: string, run: () => Promise<T>, refused: (err: unknown) => boolean): Promise<T> {
    const end = this.steps.startTimer({ action });
    try {
      const result = await run();
      end({ outcome: 'applied' satisfies StepOutcome });
      return result;
    } catch (err) {
      end({ outcome: (refused(err) ? 'refused' : 'failed') satisfies StepOutcome });
      throw err;
    }
  }

  launchStarted(): void {
    this.launches.inc();
  }
}
