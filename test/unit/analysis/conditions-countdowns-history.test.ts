import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../src/text/tokenize.js';
import { alerts, cueKinds, phraseIds as phrases } from './analyzer-fixture.js';

/**
 * The round after batch AI, with texts written for these tests: a negation inside the condition of a
 * conditional threat (it negates the condition, not the threat), a countdown held over a town, a past
 * atrocity promised again, a family told it will bury its sons; history told by a grandparent, and a
 * quotation closed after its full stop.
 */
describe('a negated condition leaves the threat that answers it', () => {
  it.each(['يا أهل سرمين إن ما سكتوا لنذبحكم', 'if you don’t leave Binnish we will slaughter you all', 'law ma tla3to mn binnish ra7 nedba7kon'])(
    '%s',
    (text) => expect(alerts(text)).toBe(true),
  );

  it.each([
    ['a plain negation', 'we will never hurt anyone from Binnish'],
    ['"that … will not" after ان', 'قالوا ان ما رح يأذوا أهل بنش'],
    ["the condition's own verb negated", 'if we do not slaughter the people of Binnish nobody will'],
  ])('still negates %s', (_name, text) => expect(cueKinds(text)).toContain('negation'));
});

describe('threats', () => {
  it.each([
    ['ar-count-days', 'يا أهل تفتناز عدوا الأيام'],
    ['az-count-days', 'ahl taftanaz 3eddo el iyyam'],
    ['en-count-days', 'Taftanaz, start counting your days'],
    ['en-again-veiled', 'Sarmin remembers 2015. Would hate for them to have to live through it again.'],
    ['en-burying-sons', 'Everyone in Sarmin who cheered will be burying their sons before spring.'],
  ])('%s: %s', (id, text) => expect(phrases(text)).toContain(id));

  it('takes a past massacre promised again as a threat, not history', () => {
    expect(alerts('ما صار بسرمين سنة ١٩٨٢ رح يتكرر، وهالمرة ما حدا رح يطلع منها عايش')).toBe(true);
    expect(alerts('ما جرى في سرمين عام ١٩٨٢ سيتكرر، وهذه المرة لن ينجو أحد')).toBe(true);
    expect(alerts('ما جرى في سرمين عام ١٩٨٢ لن ينساه أحد، قتلوا المئات')).toBe(false);
  });
});

describe('frames of no threat', () => {
  it("reads a grandparent's story of an older decade as the past", () => {
    expect(cueKinds('جدي بيحكيلنا عن أيام السبعينات بسرمين، كيف قتلوا العالم وما حدا سأل')).toContain('past');
    expect(cueKinds('My grandfather still tells how in the eighties they killed the young men of Sarmin')).toContain('past');
  });

  it('closes a single-quoted quotation after its full stop', () => {
    const { tokens } = tokenize("The leaflet said: 'Leave Sarmin or die.' We publish it for the record.");
    const quoted = tokens.filter((t) => t.quote >= 0).map((t) => t.text);
    expect(quoted).toEqual(['Leave', 'Sarmin', 'or', 'die']);
  });
});
