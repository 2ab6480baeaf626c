/** Feed name of the one-off demo import. */
export const DEMO_FEED = 'demo';
/** Feed name of the live replay `start --demo` runs. */
export const DEMO_REPLAY_FEED = 'demo-replay';
