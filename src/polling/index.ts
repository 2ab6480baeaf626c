export { pollFeed, type PollDeps, type PollOutcome } from './poll-feed.js';
export { scheduleFeeds } from './schedule-feeds.js';
export { enqueuePosts } from './enqueue-posts.js';
export { syncFeeds, listFeedStatus, type FeedStatus } from './feed-repository.js';
export { nextBackoffMs } from './backoff.js';
