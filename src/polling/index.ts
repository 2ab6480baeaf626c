export { pollFeed, type PollDeps, type PollOutcome } from './poll-feed.js';
export { scheduleFeeds } from './schedule-feeds.js';
export { enqueuePosts } from './enqueue-posts.js';
export { acceptPushedPosts, type PushDeps, type PushedBatch, type PushOutcome } from './accept-pushed-posts.js';
export { syncFeeds, listFeedStatus, type FeedStatus } from './feed-repository.js';
export { nextBackoffMs } from './backoff.js';
export {
  listFeedHealth,
  listFeedAlerts,
  checkFeedAlerts,
  openFeedAlert,
  resolveFeedAlert,
  type FeedHealth,
  type FeedAlert,
  type FeedAlertKind,
} from './feed-health.js';
export { judgeFeedHealth, medianGapMs, silenceThresholdMs, FAILING_AFTER_FAILURES } from './feed-health-rules.js';
export { listSourceHealth, isSourceAlive, type SourceHealth, type SourceOrigin } from './source-health.js';
export { startPollWorker, type PollWorker, type PollWorkerOptions } from './poll-worker.js';
export { startFeedWatch, FEED_WATCH_INTERVAL_MS, type FeedWatch, type FeedWatchOptions } from './feed-watch.js';
