import type { FeedConfigOf } from '../../config/index.js';
import { PlacewatchError } from '../../errors.js';
import type { FeedAdapter } from '../adapter.js';
import { parseMappedJsonPayload } from '../json/parse-json-payload.js';

type WebhookFeed = FeedConfigOf<'webhook'>;

/**
 * Webhook feeds are pushed to POST /ingest/NAME (see src/api/routes/webhook-ingest-routes.ts), never polled; the
 * adapter exists so `feed parse --kind webhook` reads a saved request body the same way.
 */
export const webhookAdapter: FeedAdapter<WebhookFeed> = {
  kind: 'webhook',
  async fetchPage(feed) {
    throw new PlacewatchError('INPUT_INVALID', `${feed.name}: a webhook feed is pushed to POST /ingest/${feed.name}; it cannot be fetched`, {
      feed: feed.name,
    });
  },
  parsePayload(body, feedName, options) {
    return parseMappedJsonPayload(body, feedName, options);
  },
};
