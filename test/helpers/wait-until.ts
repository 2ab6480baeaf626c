/**
 * Polls `probe` until it is true, failing with "timed out waiting for <what>" after `timeoutMs`.
 * `tolerateErrors` counts a probe that throws (a server being down on purpose) as "not yet".
 */
export async function waitUntil(
  probe: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  opts: { intervalMs?: number; tolerateErrors?: boolean } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const check = async (): Promise<boolean> => {
    try {
      return await probe();
    } catch (error) {
      if (opts.tolerateErrors) return false;
      throw error;
    }
  };
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 100));
  }
}
