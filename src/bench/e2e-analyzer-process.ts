// One analyzer process of the e2e bench: the analyzer role as `placewatch start --role analyzer`
// runs it (same runtime, same worker, same modules loaded: the roles index loads the api role, and
// with it Fastify and the UI, only when it starts). Started by e2e-bench.ts with the run's
// environment; argv[2] is the config directory, argv[3] how many posts to warm up on.
import { analysedText, analyzePost } from '../analysis/index.js';
import { startAnalyzer } from '../roles/index.js';
import { onShutdownSignal, openRuntime, weatherLostConnections } from '../runtime/index.js';
import { e2ePosts } from './e2e-posts.js';

const configDir = process.argv[2];
if (!configDir) throw new Error('usage: e2e-analyzer-process CONFIG_DIR [WARM_UP_POSTS]');
const runtime = await openRuntime({ configDir, env: process.env, logLevel: process.env.LOG_LEVEL ?? 'warn' });
weatherLostConnections(runtime.logger);
warmUp(Number(process.argv[3] ?? 0));
startAnalyzer(runtime);
onShutdownSignal(() => runtime.close());

/**
 * A worker that has been running reads posts with its code compiled by the JIT and its word cache
 * holding the common words; a fresh one spends its first thousands of posts getting there (about
 * 1.2 s of CPU, a tenth of a 50,000-post run). The bench measures the running worker: before it
 * registers, each process analyses posts of another seed (analysis only: nothing is stored or queued).
 */
function warmUp(count: number): void {
  const { config, analyzer } = runtime.config.current;
  for (const post of e2ePosts(config, count, { seed: 3, idPrefix: 'e2e-warm-up' })) {
    analyzePost({ text: analysedText(post.text, config.thresholds.analysis.max_text_chars), lang: post.lang }, analyzer);
  }
}
