import type { Message, MessageLine } from './render-message.js';

const RLM = '\u200f';
const LRI = '\u2066';
const PDI = '\u2069';

/** Escapes text for HTML bodies and attributes (also what Telegram's HTML mode requires). */
export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Slack mrkdwn treats only &, < and > as control characters. */
function escapeSlack(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function plainLine(line: MessageLine, rtl: boolean): string {
  const value = rtl && line.ltr ? `${LRI}${line.value}${PDI}` : line.value;
  const text = line.label ? `${line.label}: ${value}` : value;
  const withUrl = line.url ? `${text} ${line.url}` : text;
  // A leading RLM makes every paragraph right-to-left, even one that starts with a code or a number.
  return rtl ? `${RLM}${withUrl}` : withUrl;
}

/** Plain text (email text part, logs). */
export function toPlainText(message: Message): string {
  const lines = [message.title, '', ...message.lines.map((l) => plainLine(l, message.rtl)), '', `${message.link.label}: ${message.link.url}`];
  return lines.map((l) => (message.rtl && l !== '' && !l.startsWith(RLM) ? `${RLM}${l}` : l)).join('\n') + '\n';
}

function htmlLine(line: MessageLine): string {
  const value = line.ltr ? `<bdi dir="ltr">${escapeHtml(line.value)}</bdi>` : escapeHtml(line.value);
  const linked = line.url ? `<a href="${escapeHtml(line.url)}">${value}</a>` : value;
  return line.label ? `<strong>${escapeHtml(line.label)}:</strong> ${linked}` : linked;
}

/** An HTML e-mail body; Arabic messages are a right-to-left document throughout. */
export function toHtmlEmail(message: Message): string {
  const dir = message.rtl ? 'rtl' : 'ltr';
  const lang = message.rtl ? 'ar' : 'en';
  const items = message.lines.map((l) => `<p style="margin:0 0 6px">${htmlLine(l)}</p>`).join('\n');
  return [
    `<!doctype html>`,
    `<html lang="${lang}" dir="${dir}"><head><meta charset="utf-8"><title>${escapeHtml(message.title)}</title></head>`,
    `<body dir="${dir}" style="direction:${dir};text-align:${message.rtl ? 'right' : 'left'};font-family:sans-serif">`,
    `<h2 style="margin:0 0 12px">${escapeHtml(message.title)}</h2>`,
    items,
    `<p><a href="${escapeHtml(message.link.url)}">${escapeHtml(message.link.label)}</a></p>`,
    `</body></html>`,
  ].join('\n');
}

/** Body of a Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat). */
export function toSlackBody(message: Message): Record<string, unknown> {
  const lines = message.lines.map((l) => {
    const value = l.url ? `<${l.url}|${escapeSlack(l.value)}>` : escapeSlack(l.value);
    return l.label ? `*${escapeSlack(l.label)}:* ${value}` : value;
  });
  const text = [`*${escapeSlack(message.title)}*`, ...lines, `<${message.link.url}|${escapeSlack(message.link.label)}>`].join('\n');
  return { text, unfurl_links: false, unfurl_media: false };
}

/** Body of a Matrix generic webhook (hookshot): plain `text` plus formatted `html`. */
export function toMatrixBody(message: Message): Record<string, unknown> {
  const dir = message.rtl ? ' dir="rtl"' : '';
  const html = `<div${dir}><strong>${escapeHtml(message.title)}</strong><br>${message.lines.map(htmlLine).join('<br>')}<br><a href="${escapeHtml(message.link.url)}">${escapeHtml(message.link.label)}</a></div>`;
  return { text: toPlainText(message), html, username: 'placewatch' };
}

/** Text for the Telegram Bot API sendMessage with parse_mode HTML (b, a, and escaped text only). */
export function toTelegramHtml(message: Message): string {
  const lines = message.lines.map((l) => {
    const value = escapeHtml(l.value);
    const linked = l.url ? `<a href="${escapeHtml(l.url)}">${value}</a>` : value;
    const text = l.label ? `<b>${escapeHtml(l.label)}:</b> ${linked}` : linked;
    return message.rtl ? `${RLM}${text}` : text;
  });
  return [`<b>${escapeHtml(message.title)}</b>`, ...lines, `<a href="${escapeHtml(message.link.url)}">${escapeHtml(message.link.label)}</a>`].join('\n');
}
