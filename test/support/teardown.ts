/**
 * Servers a suite starts are stopped at its end, whatever failed on the way: each resource is
 * registered the moment it exists, and stopped in reverse order even when setup stopped halfway,
 * when a test failed, or when another resource fails to stop.
 *
 * Hooks that start or stop servers pass one of these timeouts as their second argument: a busy
 * 2-core CI machine takes many times longer than a laptop, and Jest's default is 5 s.
 */
export const HOOK_TIMEOUT = {
  /** Embedded PostgreSQL (a ts-node process loading PGlite's WebAssembly). */
  postgres: 120_000,
  /** The whole system: Temporal dev server, PostgreSQL, the API, the worker (bundles the workflows). */
  system: 300_000,
  /** Restarting the worker or the API of a running system. */
  restart: 180_000,
  /** Loopback receivers (HTTP, SMTP). */
  receivers: 60_000,
  /** Setup that goes through a running system (HTTP calls, waiting for workflows). */
  setup: 180_000,
  /** Stopping everything a suite started. */
  stop: 300_000,
} as const;

/** How long one resource may take to stop before the teardown gives up on it and stops the next. */
const STOP_ONE_MS = 60_000;

export class Teardown {
  private readonly steps: { what: string; stop: () => unknown }[] = [];
  private done = false;

  /**
   * Registers how to stop `resource` and returns it. Once the teardown has run (a start that
   * outlived its hook's timeout), stops the resource at once and throws, ending that start.
   */
  add<T>(what: string, resource: T, stop: (resource: T) => unknown): T {
    if (this.done) {
      void stopWithin(what, () => stop(resource)).catch((err: unknown) => console.error(String(err)));
      throw new Error(`${what} came up after its suite was torn down (its start outlived the hook's timeout); stopped it`);
    }
    this.steps.push({ what, stop: () => stop(resource) });
    return resource;
  }

  /** Whether run() has started: a start still in progress should stop what it makes. */
  get closed(): boolean {
    return this.done;
  }

  /** Stops everything registered, last first; one that fails or hangs does not keep the others running. */
  async run(): Promise<void> {
    this.done = true;
    const errors: Error[] = [];
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await stopWithin(step.what, step.stop);
      } catch (err) {
        errors.push(err instanceof Error ? err : new Error(String(err)));
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} resources failed to stop: ${errors.map((e) => e.message).join('; ')}`);
  }
}

/** A teardown run by an afterAll hook of the current scope. */
export function useTeardown(): Teardown {
  const teardown = new Teardown();
  afterAll(() => teardown.run(), HOOK_TIMEOUT.stop);
  return teardown;
}

async function stopWithin(what: string, stop: () => unknown): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not stop within ${STOP_ONE_MS} ms`)), STOP_ONE_MS);
    timer.unref();
  });
  try {
    await Promise.race([Promise.resolve().then(stop), late]);
  } catch (err) {
    throw new Error(`stopping ${what}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}
