import { describe, expect, it } from 'vitest';
import { alerts, inventedTown, placeIdsWith } from './analyzer-fixture.js';

/**
 * The round after batch AP, with texts written for these tests: "not yet" before a negated threat
 * (they don't know yet what war means: soon they will), and an Arabizi spelling of a name with many
 * ambiguous letters, ص written 9 and the article apart.
 */
describe('not yet: the negation is the threat', () => {
  it.each([
    ['arabizi', 'sarmin lessa ma bta3ref shu ya3ni mout'],
    ['ar-lev', 'بنش لسه ما انحرقت، دورها جاي'],
  ])('%s: %s', (_lang, text) => expect(alerts(text)).toBe(true));

  it('leaves a bare negation negating', () => {
    expect(alerts('wallah ma ra7 nedba7 7ada min ahl binnish')).toBe(false);
    expect(alerts('نحنا ما رح نحرق سرمين، هاد مو أسلوبنا')).toBe(false);
  });
});

describe('an Arabizi name with ص as 9 and the article apart', () => {
  const placeIds = placeIdsWith(inventedTown('sufayriyah', 'الصفيرية', 'Sufayriyah'));

  it.each(['ya ahl el 9ufayriya', 'ya ahl el sufayriya', '#9ufayriya'])('%s', (text) => expect(placeIds(text)).toContain('sufayriyah'));
});
