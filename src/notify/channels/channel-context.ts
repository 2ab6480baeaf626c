import type { Agent } from 'undici';
import type { AllowList } from '../../net/index.js';
import type { Logger } from '../../runtime/logger.js';
import type { Notice } from '../notice.js';
import type { RenderOptions } from '../render-message.js';
import type { Subscription } from '../subscription.js';
import type { EmailSender } from './email.js';

/** One notification on its way out: what to say, to whom, under which idempotency key. */
export interface OutgoingNotification {
  readonly idempotencyKey: string;
  readonly event: string;
  readonly notice: Notice;
  readonly subscription: Subscription;
  readonly createdAt: Date;
}

/** What every channel may use; built once per notifier process. */
export interface ChannelContext {
  readonly agent: Agent;
  readonly allow: AllowList;
  readonly timeoutMs: number;
  /** Environment holding secrets and tokens (never logged). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly email: EmailSender | null;
  readonly telegramApi: string;
  readonly logger: Logger;
  readonly arabicPlaceName: RenderOptions['arabicPlaceName'];
  readonly now: () => Date;
}

/** What the receiver answered, for the attempt log. */
export interface SendOutcome {
  readonly statusCode: number | null;
}
