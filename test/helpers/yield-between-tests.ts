import { afterEach } from 'vitest';

// Vitest's fork worker answers the runner over an RPC with a fixed 60 s timeout that no option
// reaches, and Node runs expired timers before it reads the reply. A file of synchronous tests never
// yields between them: beside a looping `npm run bench` on this 2-core box one such file kept its
// worker's event loop shut for over a minute, and the run ended "Timeout calling onTaskUpdate" with
// every test passed (vitest-dev/vitest#6479). A macrotask turn after each test lets the reply in.
afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
