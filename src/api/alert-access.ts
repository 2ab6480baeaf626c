import type { FastifyRequest } from 'fastify';
import type { AlertQuery, CampaignPolicy, TriageActor } from '../alerts/index.js';
import type { ApiDeps } from './api-deps.js';
import { scopeOf } from './auth/principal.js';
import type { AlertQueryInput } from './schemas/alert-schemas.js';

/** The acting person of a request (routes run only after the guard found one). */
export function actorOf(request: FastifyRequest): TriageActor {
  const principal = request.principal!;
  return { email: principal.user.email, scope: scopeOf(principal) };
}

/** The active config's campaign thresholds: a reviewer's merge or split counts as the analyzer would now. */
export function campaignPolicy(deps: ApiDeps): CampaignPolicy {
  return deps.runtime.config.current.config.thresholds.campaign;
}

/** Turns the parsed query string into the repository's query ('me' becomes the user's email). */
export function toAlertQuery(input: AlertQueryInput, request: FastifyRequest): AlertQuery {
  return {
    status: input.status,
    severity: input.severity,
    place: input.place,
    language: input.language,
    feed: input.feed,
    from: input.from ? new Date(input.from) : undefined,
    to: input.to ? new Date(input.to) : undefined,
    assignee: input.assignee === 'me' ? request.principal!.user.email : input.assignee,
    text: input.q || undefined,
    silenced: input.silenced,
    sort: input.sort,
    cursor: input.cursor,
    limit: input.limit,
  };
}
