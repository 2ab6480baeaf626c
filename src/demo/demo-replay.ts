import type { CanonicalPost } from '../feeds/index.js';
import { readPostsFromFile } from '../feeds/index.js';
import { enqueuePosts } from '../polling/index.js';
import type { Runtime } from '../runtime/index.js';
import { DEMO_REPLAY_FEED } from '../vocabulary/index.js';
import { DEMO_POSTS_FILE } from './demo-data.js';

/**
 * Replays the demo sample as a live feed: a few posts a second, stamped with the current time and a
 * per-round id, looping, so a newcomer watches alerts arrive in the UI. Stops with the runtime.
 */
export async function startDemoReplay(runtime: Runtime, postsPerSecond = 2): Promise<void> {
  const sample: CanonicalPost[] = [];
  for await (const item of readPostsFromFile(DEMO_POSTS_FILE, { feed: DEMO_REPLAY_FEED })) {
    if (item.post) sample.push(item.post);
  }
  if (sample.length === 0) return;
  const round = Date.now().toString(36);
  let index = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const timer = setInterval(
    () => {
      const original = sample[index % sample.length]!;
      const loop = Math.floor(index / sample.length);
      index += 1;
      const post: CanonicalPost = {
        ...original,
        externalId: `${original.externalId}-${round}-${loop}`,
        publishedAt: new Date().toISOString(),
      };
      pending = pending
        .then(() => enqueuePosts(runtime.queues, DEMO_REPLAY_FEED, [post]))
        .catch((error) => runtime.logger.warn({ err: (error as Error).message }, 'demo replay could not enqueue'));
    },
    Math.max(50, Math.round(1000 / postsPerSecond)),
  );
  runtime.onClose(async () => {
    clearInterval(timer);
    await pending;
  });
  runtime.logger.info({ posts: sample.length, postsPerSecond }, 'demo replay started');
}
