// Without side effects (test/support/system.ts installs a Temporal runtime): for suites that run
// nothing of Temporal's in their own process, such as the fault tests.
/** Polls until `check` stops throwing (visibility is eventually consistent). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
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
