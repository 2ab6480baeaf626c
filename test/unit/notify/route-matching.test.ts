import { describe, expect, it } from 'vitest';
import { routeSchema } from '../../../src/config/schema/routes.js';
import { matchSubscriptions } from '../../../src/notify/route-matching.js';
import { subscriptionFromRoute } from '../../../src/notify/subscription.js';

const sub = (fields: Record<string, unknown>) => subscriptionFromRoute(routeSchema.parse({ channel: 'log', ...fields }));
const subs = [
  sub({ name: 'a-high', places: ['town-a'], min_severity: 'high' }),
  sub({ name: 'all-critical', min_severity: 'critical' }),
  sub({ name: 'b-threats', places: ['town-b'], min_severity: 'low', categories: ['death_threat'], campaigns: false }),
  sub({ name: 'a-digest', places: ['town-a'], min_severity: 'low', digest: { every: 'hourly', below: 'high' } }),
  sub({ name: 'duty', min_severity: 'low', escalation_only: true }),
];
const names = (
  alert: { placeId: string; severity: 'critical' | 'high' | 'medium' | 'low'; category?: string; categories?: string[]; campaign?: boolean },
  change: 'opened' | 'escalated' = 'opened',
) =>
  matchSubscriptions(subs, { category: 'death_threat', campaign: false, ...alert }, change).map((m) =>
    m.digest ? `${m.subscription.name}(digest)` : m.subscription.name,
  );

describe('routing', () => {
  it('sends by place and minimum severity', () => {
    expect(names({ placeId: 'town-a', severity: 'high' })).toEqual(['a-high', 'a-digest']);
    expect(names({ placeId: 'town-a', severity: 'critical' })).toEqual(['a-high', 'all-critical', 'a-digest']);
    expect(names({ placeId: 'town-b', severity: 'low' })).toEqual(['b-threats']);
  });

  it('holds alerts below the digest threshold for the summary', () => {
    expect(names({ placeId: 'town-a', severity: 'medium' })).toEqual(['a-digest(digest)']);
  });

  it('filters by category', () => {
    expect(names({ placeId: 'town-b', severity: 'critical', category: 'expulsion' })).toEqual(['all-critical']);
  });

  it('matches a category filter against every category the incident holds, not only its representative one', () => {
    expect(names({ placeId: 'town-b', severity: 'critical', category: 'expulsion', categories: ['expulsion', 'death_threat'] })).toEqual([
      'all-critical',
      'b-threats',
    ]);
    expect(names({ placeId: 'town-b', severity: 'critical', category: 'expulsion', categories: ['expulsion', 'takfir'] })).toEqual(['all-critical']);
  });

  it('sends campaign escalations immediately to those who asked, whatever the severity', () => {
    expect(names({ placeId: 'town-a', severity: 'low', campaign: true }, 'escalated')).toEqual(['a-high', 'all-critical', 'a-digest']);
    expect(names({ placeId: 'town-b', severity: 'low', campaign: true }, 'escalated')).toEqual(['all-critical', 'b-threats']);
  });

  it('never routes first messages to escalation-only routes', () => {
    expect(names({ placeId: 'town-b', severity: 'critical' })).not.toContain('duty');
  });
});
