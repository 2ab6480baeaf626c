export { pipelineMetrics, type MetricsSources } from './pipeline-metrics.js';
