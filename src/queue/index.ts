export { connectRedis, type RedisClient } from './redis-connection.js';
export { parseRedisUrl, redactRedisUrl, type RedisTarget, type ClusterSeed } from './redis-url.js';
export { startEmbeddedRedis, type EmbeddedRedis } from './embedded-redis.js';
export { openQueues, analyzeJobOptions, ANALYZE_KEEP_COMPLETED, DEFAULT_JOB_OPTIONS, type Queues } from './queues.js';
export * from './jobs.js';
export { listenToQueueEvents } from './queue-events.js';
export { deleteKeysWithPrefix } from './delete-prefix.js';
