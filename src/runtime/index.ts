export { openRuntime, type Runtime, type RuntimeOptions, type StartupStep } from './runtime.js';
export { createLogger, type Logger } from './logger.js';
export { onShutdownSignal } from './shutdown.js';
export { Readiness, isConnectionLoss, type Dependency } from './readiness.js';
export { retryThroughOutage, type OutageWaitOptions } from './outage-wait.js';
export { weatherLostConnections } from './process-guards.js';
