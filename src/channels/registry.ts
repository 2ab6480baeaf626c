import type { z } from 'zod';
import type { ChannelProblem, Detail, NotificationChannel } from './channel.js';
import { emailChannel } from './email.js';
import { logChannel } from './log.js';
import { matrixChannel } from './matrix.js';
import { slackChannel } from './slack.js';
import { telegramChannel } from './telegram.js';
import { webhookChannel } from './webhook.js';

/**
 * Every channel a subscription may use, in the order the UI offers them. The config schema's
 * channel check, the delivery switch and the UI list are all read from here: adding a channel is its
 * file in this folder, one line here, and its docs.
 */
const BUILT_IN: readonly NotificationChannel[] = [webhookChannel, emailChannel, slackChannel, matrixChannel, telegramChannel, logChannel];

const channels = new Map<string, NotificationChannel>();
BUILT_IN.forEach(registerChannel);

/**
 * Adds a channel (the built-in ones above; a test's own). Its kind, target check, default detail and
 * sending take effect at once. Route fields, delivery settings and file sections are read when the
 * config schema is built, so a channel that declares them belongs in the list above.
 */
export function registerChannel(channel: NotificationChannel): void {
  if (channels.has(channel.kind)) throw new Error(`channel "${channel.kind}" is already registered`);
  channels.set(channel.kind, channel);
}

/** The channel of a kind, or undefined for one that is not registered. */
export function findChannel(kind: string): NotificationChannel | undefined {
  return channels.get(kind);
}

/** Kinds of all registered channels, in registry order. */
export function channelKinds(): string[] {
  return [...channels.keys()];
}

/** Whether subscriptions on this channel carry a signing secret. */
export function isSignedChannel(kind: string): boolean {
  return channels.get(kind)?.signed === true;
}

/** The detail level a channel gets when the subscription does not choose one. */
export function defaultDetailOf(kind: string): Detail {
  return channels.get(kind)?.defaultDetail ?? 'full';
}

/**
 * Why a target does not suit its channel, or null when it does (shared by config and API input).
 * An unknown channel is reported by the channel field itself, not here.
 */
export function targetProblem(kind: string, target: string | null | undefined): string | null {
  return channels.get(kind)?.validateTarget(target ?? null) ?? null;
}

/** A route's problems its own channel finds (beyond the target). */
export function routeProblems(kind: string, route: Readonly<Record<string, unknown>>): ChannelProblem[] {
  return channels.get(kind)?.routeProblems?.(route) ?? [];
}

/** A route's problems its channel finds against the whole routes file. */
export function routeFileProblems(kind: string, route: Readonly<Record<string, unknown>>, file: Readonly<Record<string, unknown>>): ChannelProblem[] {
  return channels.get(kind)?.routeFileProblems?.(route, file) ?? [];
}

/** The route's values of the fields its channel declares: what `send` gets as `settings`. */
export function channelSettings(kind: string, route: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const fields = Object.keys(channels.get(kind)?.routeFields ?? {});
  return Object.fromEntries(fields.filter((field) => route[field] !== undefined).map((field) => [field, route[field]]));
}

type ShapePart = 'routeFields' | 'deliveryFields' | 'fileSections';

/** The fields all registered channels add to one part of routes.yaml (read when the config schema is built). */
export function channelShape(part: ShapePart): z.ZodRawShape {
  const shape: z.ZodRawShape = {};
  for (const channel of channels.values()) Object.assign(shape, channel[part]);
  return shape;
}
