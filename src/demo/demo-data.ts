import { fromPackageRoot } from '../package-root.js';

/** The sample posts shipped with placewatch (written by the project, Arabic and English). */
export const DEMO_POSTS_FILE = fromPackageRoot('demo', 'posts.jsonl');

/** Feed name of the one-off demo import. */
export const DEMO_FEED = 'demo';
/** Feed name of the live replay `start --demo` runs. */
export const DEMO_REPLAY_FEED = 'demo-replay';
