import { html, type SafeHtml } from './html.js';

/** "3 min ago" style text for a moment in the past; the browser script keeps it current. */
export function timeAgo(at: Date | string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - new Date(at).getTime()) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/**
 * A moment as "2026-11-30 12:57 UTC": ISO order, 24 h, with the zone, the same for every reader
 * whatever their browser's locale (officers in several countries compare times in one trail).
 */
export function isoMinute(at: Date | string): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A `<time>` showing "3 min ago" (kept current by app.js) with the exact ISO minute on hover. */
export function agoTag(at: Date | string): SafeHtml {
  return html`<time datetime="${new Date(at).toISOString()}" title="${isoMinute(at)}" data-ago>${timeAgo(at)}</time>`;
}
