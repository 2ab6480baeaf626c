/**
 * Calls `stop` once on SIGTERM or SIGINT; a second signal, or `stop` overrunning `graceMs`,
 * exits at once so a hung dependency can never keep the process alive.
 */
export function onShutdownSignal(stop: (signal: string) => Promise<void>, graceMs = 15_000): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    const timer = setTimeout(() => process.exit(1), graceMs);
    timer.unref();
    stop(signal)
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
