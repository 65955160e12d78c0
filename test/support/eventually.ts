// Without side effects (test/support/system.ts installs a Temporal runtime): for suites that run
// nothing of Temporal's in their own process, such as the fault tests.
import { clusterTopology } from '../cluster/topology';

/**
 * How long `eventually` polls by default. Against a cluster, a case's next workflow task waits in
 * the one task queue behind every other suite's (thousands of cases started at once, a worker
 * killed): it comes, later than with a system of the suite's own.
 */
const EVENTUALLY_MS = clusterTopology() ? 120_000 : 20_000;

/** Polls until `check` stops throwing (visibility is eventually consistent). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = EVENTUALLY_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
