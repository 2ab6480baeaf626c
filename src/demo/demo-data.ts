import { fromPackageRoot } from '../package-root.js';

/** The sample posts shipped with placewatch (written by the project, Arabic and English). */
export const DEMO_POSTS_FILE = fromPackageRoot('demo', 'posts.jsonl');
