// One analyzer process of the e2e bench: the analyzer role as `placewatch start --role analyzer`
// runs it (same runtime, same worker, same modules loaded: the roles index loads the api role, and
// with it Fastify and the UI, only when it starts). Started by e2e-bench.ts with the run's
// environment; argv[2] is the config directory.
import { startAnalyzer } from '../roles/index.js';
import { onShutdownSignal, openRuntime, weatherLostConnections } from '../runtime/index.js';

const configDir = process.argv[2];
if (!configDir) throw new Error('usage: e2e-analyzer-process CONFIG_DIR');
const runtime = await openRuntime({ configDir, env: process.env, logLevel: process.env.LOG_LEVEL ?? 'warn' });
weatherLostConnections(runtime.logger);
startAnalyzer(runtime);
onShutdownSignal(() => runtime.close());
