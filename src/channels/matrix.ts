import { toMatrixBody } from './message-formats.js';
import { httpTargetProblem, type NotificationChannel } from './channel.js';
import { composeFor } from './compose.js';

/** Posts to a Matrix generic webhook (matrix-hookshot): `text` and `html`. */
export const matrixChannel: NotificationChannel = {
  kind: 'matrix',
  defaultDetail: 'minimal',
  validateTarget: (target) => httpTargetProblem('matrix', target),
  send: async (message, ctx) => {
    const { postJson } = await import('./http-post.js');
    const body = JSON.stringify(toMatrixBody(composeFor(message, ctx)));
    const result = await postJson(message.subscription.target!, body, { agent: ctx.agent, allow: ctx.allow, timeoutMs: ctx.timeoutMs });
    return { statusCode: result.statusCode };
  },
};
