import type { Detail } from './channel.js';
import { AR, EN, type MessageLabels } from './message-labels.js';
import type { AlertNotice, DigestNotice, Notice } from './notice.js';

/** A message before it is shaped for a channel: a title, labelled lines and one link. */
export interface Message {
  readonly title: string;
  readonly lines: readonly MessageLine[];
  readonly link: { readonly label: string; readonly url: string };
  readonly rtl: boolean;
}

export interface MessageLine {
  readonly label?: string;
  readonly value: string;
  /** Codes, counts and URLs stay left-to-right inside Arabic text. */
  readonly ltr?: boolean;
  readonly url?: string;
}

export interface RenderOptions {
  readonly detail: Detail;
  readonly language: 'en' | 'ar';
  /** The Arabic name of a place from config, when the subscription reads Arabic. */
  readonly arabicPlaceName?: (placeId: string) => string | undefined;
}

// Directional overrides and isolates in a name could reorder the message around them.
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function clean(value: string): string {
  return value.replace(BIDI_CONTROLS, '').slice(0, 300);
}

/**
 * Composes what a notification says (pure). `minimal` says only severity, place code and the
 * link, so a message on a shared chat or a lock screen reveals nothing an officer must sign in for.
 * No message ever carries post text or account names.
 */
export function composeMessage(notice: Notice, options: RenderOptions): Message {
  const labels = options.language === 'ar' ? AR : EN;
  const rtl = options.language === 'ar';
  if (notice.kind === 'digest') return composeDigest(notice.digest, options, labels, rtl);
  const alert = notice.alert;
  const severity = labels.severity[alert.severity] ?? alert.severity;
  const event = alert.escalation
    ? labels.unacknowledged(Math.round(alert.escalation.unacknowledgedMinutes), alert.escalation.tier + 1)
    : (labels.event[alert.event] ?? alert.event);
  if (options.detail === 'minimal') {
    return {
      title: `[${severity}] ${clean(alert.place)}`,
      lines: [
        { label: labels.severityLabel, value: severity },
        { label: labels.place, value: clean(alert.place), ltr: true },
      ],
      link: { label: labels.openMinimal, url: alert.link },
      rtl,
    };
  }
  const placeName = clean((rtl && options.arabicPlaceName?.(alert.place)) || alert.placeName);
  const category = labels.category[alert.category] ?? alert.category;
  return {
    title: `[${severity}] ${category} — ${placeName}`,
    lines: [
      { value: event },
      { label: labels.place, value: `${placeName} (${clean(alert.place)})` },
      { label: labels.severityLabel, value: severity },
      { label: labels.threat, value: category },
      { value: labels.evidence(alert.postCount, alert.distinctAuthors) },
    ],
    link: { label: labels.open, url: alert.link },
    rtl,
  };
}

function composeDigest(digest: DigestNotice, options: RenderOptions, labels: MessageLabels, rtl: boolean): Message {
  const total = digest.alerts.length + digest.more;
  const lines: MessageLine[] = digest.alerts.map((alert: AlertNotice) => {
    const severity = labels.severity[alert.severity] ?? alert.severity;
    if (options.detail === 'minimal') return { value: `[${severity}] ${clean(alert.place)}`, ltr: true, url: alert.link };
    const name = clean((rtl && options.arabicPlaceName?.(alert.place)) || alert.placeName);
    const category = labels.category[alert.category] ?? alert.category;
    return { value: `[${severity}] ${category} — ${name}: ${labels.evidence(alert.postCount, alert.distinctAuthors)}`, url: alert.link };
  });
  if (digest.more > 0) lines.push({ value: labels.more(digest.more) });
  return {
    title: labels.digestTitle(total, digest.every),
    lines,
    link: { label: options.detail === 'minimal' ? labels.openMinimal : labels.open, url: digest.link },
    rtl,
  };
}
