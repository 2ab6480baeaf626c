import type { Severity, ThreatCategory, Channel, Detail, DigestConfig, RouteConfig } from '../config/index.js';
import { channelSettings, defaultDetailOf, type Recipient, type SecretRef } from '../channels/index.js';

export type { SecretRef };

/**
 * One subscription, whether written in routes.yaml or managed through the API. `key` is what the
 * outbox row's `route` column holds: the route name, or `sub:<id>` (":" never occurs in a slug).
 */
export interface Subscription extends Recipient {
  readonly key: string;
  readonly name: string;
  readonly subscriptionId: string | null;
  readonly places: 'all' | readonly string[];
  readonly minSeverity: Severity;
  readonly categories?: readonly ThreatCategory[] | undefined;
  readonly campaigns: boolean;
  readonly channel: Channel;
  readonly target: string | null;
  readonly detail: Detail;
  readonly language: 'en' | 'ar';
  readonly digest?: DigestConfig | undefined;
  readonly escalationOnly: boolean;
  readonly secret: SecretRef;
  readonly settings: Readonly<Record<string, unknown>>;
}

/** The detail level a channel gets when the subscription does not choose one. */
export function defaultDetail(channel: Channel): Detail {
  return defaultDetailOf(channel);
}

/** A config-file route as a subscription. */
export function subscriptionFromRoute(route: RouteConfig): Subscription {
  return {
    key: route.name,
    name: route.name,
    subscriptionId: null,
    places: route.places,
    minSeverity: route.min_severity,
    categories: route.categories,
    campaigns: route.campaigns,
    channel: route.channel,
    target: route.target ?? null,
    detail: route.detail ?? defaultDetail(route.channel),
    language: route.language,
    digest: route.digest,
    escalationOnly: route.escalation_only,
    secret: { kind: 'env', current: route.secret_env, previous: route.previous_secret_env },
    settings: channelSettings(route.channel, route),
  };
}

/** The outbox `route` value of a database subscription. */
export function subscriptionKey(id: string): string {
  return `sub:${id}`;
}

/** The database id inside a `sub:<id>` key, or null for a config route name. */
export function subscriptionIdOfKey(key: string): string | null {
  const match = /^sub:(\d+)$/.exec(key);
  return match ? match[1]! : null;
}
