import { describe, expect, it } from 'vitest';
import { inventedTown, phraseIds, placeIdsWith } from './analyzer-fixture.js';

/**
 * The round after batch AR, with texts written for these tests: a name's final ت written ة, and an
 * ultimatum of submission or starvation.
 */
describe("a name's final ت written ة", () => {
  const placeIds = placeIdsWith(inventedTown('ain-rahmat', 'عين رحمت', 'Ain Rahmat'));

  it.each(['عين رحمة لازم تنمسح عن الخريطة', 'عين رحمت لازم تنمسح عن الخريطة'])('%s', (text) => expect(placeIds(text)).toContain('ain-rahmat'));
});

describe('submit or starve', () => {
  it('reads an ultimatum of obedience or hunger as punishment', () => {
    expect(phraseIds('Sarmin folks, the bakery is ours now. Behave or starve.')).toContain('en-submit-or-starve');
    expect(phraseIds('Binnish will obey or starve, their choice')).toContain('en-submit-or-starve');
  });

  it('leaves a farmer\'s "sell or starve" alone', () => {
    expect(phraseIds('Farmers in Sarmin say it is sell or starve this year')).not.toContain('en-submit-or-starve');
  });
});
