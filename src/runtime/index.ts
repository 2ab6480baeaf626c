export { openRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
export { createLogger, type Logger } from './logger.js';
export { onShutdownSignal } from './shutdown.js';
