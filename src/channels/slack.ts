import { toSlackBody } from './message-formats.js';
import { httpTargetProblem, type NotificationChannel } from './channel.js';
import { composeFor } from './compose.js';

/** Posts to a Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat). */
export const slackChannel: NotificationChannel = {
  kind: 'slack',
  defaultDetail: 'minimal',
  validateTarget: (target) => httpTargetProblem('slack', target),
  send: async (message, ctx) => {
    const { postJson } = await import('./http-post.js');
    const body = JSON.stringify(toSlackBody(composeFor(message, ctx)));
    const result = await postJson(message.subscription.target!, body, { agent: ctx.agent, allow: ctx.allow, timeoutMs: ctx.timeoutMs });
    return { statusCode: result.statusCode };
  },
};
