/** The benchmarks behind `placewatch bench`; the CLI imports this index only when a bench runs. */
export { benchAnalyzer, type AnalyzerBenchOptions, type AnalyzerBenchResult } from './analyzer-bench.js';
export { benchDedup, type DedupBenchResult } from './dedup-bench.js';
export { benchNotify, type NotifyBenchOptions, type NotifyBenchResult } from './notify-bench.js';
export { benchE2e, type E2eBenchOptions, type E2eBenchResult, type E2eRun } from './e2e-bench.js';
