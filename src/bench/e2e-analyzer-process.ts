// One analyzer process of the e2e bench: the analyzer role as `placewatch start --role analyzer`
// runs it (same runtime, same worker), without loading the other roles' modules. Started by
// e2e-bench.ts with the run's environment; argv[2] is the config directory.
import { onShutdownSignal, openRuntime, weatherLostConnections } from '../runtime/index.js';
import { startAnalyzer } from '../roles/analyzer-role.js';

const configDir = process.argv[2];
if (!configDir) throw new Error('usage: e2e-analyzer-process CONFIG_DIR');
const runtime = await openRuntime({ configDir, env: process.env, logLevel: process.env.LOG_LEVEL ?? 'warn' });
weatherLostConnections(runtime.logger);
startAnalyzer(runtime);
onShutdownSignal(() => runtime.close());
