/** The demo: its shipped posts, their replay as a live feed, and the queries its summary reads. */
export { DEMO_POSTS_FILE } from './demo-data.js';
export { DEMO_FEED, DEMO_REPLAY_FEED } from '../vocabulary/index.js';
export { startDemoReplay } from './demo-replay.js';
export { alertsWithEvidenceFrom, postCountsOf } from './demo-repository.js';
