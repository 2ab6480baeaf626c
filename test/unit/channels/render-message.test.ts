import { describe, expect, it } from 'vitest';
import { toHtmlEmail, toPlainText, toSlackBody, toTelegramHtml } from '../../../src/channels/message-formats.js';
import type { Notice } from '../../../src/channels/index.js';
import { composeMessage } from '../../../src/channels/render-message.js';

const notice: Notice = {
  kind: 'alert',
  alert: {
    alertId: '42',
    event: 'opened',
    place: 'town-a',
    placeName: 'Town <A>\u202e',
    severity: 'critical',
    category: 'death_threat',
    postCount: 12,
    distinctAuthors: 7,
    campaign: false,
    link: 'https://pw.example/alerts/42',
  },
};

describe('messages', () => {
  it('say what, where, how severe, how many posts and accounts, with the link', () => {
    const text = toPlainText(composeMessage(notice, { detail: 'full', language: 'en' }));
    expect(text).toContain('death threat');
    expect(text).toContain('Town <A> (town-a)');
    expect(text).toContain('CRITICAL');
    expect(text).toContain('12 posts from 7 accounts');
    expect(text).toContain('https://pw.example/alerts/42');
  });

  it('in minimal mode carry only severity, place code and the link', () => {
    const message = composeMessage(notice, { detail: 'minimal', language: 'en' });
    const text = toPlainText(message);
    expect(text).toContain('CRITICAL');
    expect(text).toContain('town-a');
    expect(text).toContain('https://pw.example/alerts/42');
    expect(text).not.toMatch(/Town|12|7 accounts|death/);
    expect(JSON.stringify(toSlackBody(message))).not.toContain('Town');
  });

  it('render Arabic right-to-left, with the Arabic place name', () => {
    const message = composeMessage(notice, { detail: 'full', language: 'ar', arabicPlaceName: () => 'دارة عزة' });
    expect(message.title).toContain('دارة عزة');
    expect(message.title).toContain('تهديد بالقتل');
    expect(toHtmlEmail(message)).toMatch(/<html lang="ar" dir="rtl">/);
    expect(
      toPlainText(message)
        .split('\n')
        .filter(Boolean)
        .every((l) => l.startsWith('\u200f')),
    ).toBe(true);
  });

  it('escape markup and drop bidi controls from names', () => {
    const message = composeMessage(notice, { detail: 'full', language: 'en' });
    const html = toHtmlEmail(message);
    expect(html).toContain('Town &lt;A&gt;');
    expect(html).not.toContain('\u202e');
    expect(toTelegramHtml(message)).toContain('Town &lt;A&gt;');
    expect((toSlackBody(message) as { text: string }).text).toContain('Town &lt;A&gt;');
  });

  it('summarise a digest in one message', () => {
    const digest: Notice = {
      kind: 'digest',
      digest: {
        every: 'hourly',
        periodStart: '2026-01-01T10:00:00Z',
        periodEnd: '2026-01-01T11:00:00Z',
        link: 'https://pw.example/alerts',
        alerts: [notice.alert, { ...notice.alert, alertId: '43', severity: 'low' }],
        more: 3,
      },
    };
    const text = toPlainText(composeMessage(digest, { detail: 'full', language: 'en' }));
    expect(text).toContain('Hourly summary: 5 alerts');
    expect(text).toContain('and 3 more');
  });
});
