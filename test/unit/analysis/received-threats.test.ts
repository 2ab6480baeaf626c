import { describe, expect, it } from 'vitest';
import { alerts, cueKinds } from './analyzer-fixture.js';

/**
 * A threat someone received, read out by the one who got it or their family (batch BL's first look
 * flagged three such testimonies): the note, text or leaflet is the threat's frame, as "مكتوب فيه" is
 * in Arabic. Only receiving frames the threat: the poster's own note, and "got a message for" (the
 * opening of a threat), are still threats.
 */
describe('a threat received and read out', () => {
  it.each([
    'My neighbour in Binnish received a text last night: leave the town or we burn your house with you in it.',
    'Found a leaflet under our door in Sarmin: leave by Friday or you will be slaughtered.',
    'Got a voicemail from an unknown number, my family in Binnish: leave your homes or we will kill you all.',
  ])('is testimony, not a threat: %s', (text) => {
    expect(cueKinds(text)).toContain('reported_speech');
    expect(alerts(text)).toBe(false);
  });

  it.each([
    'We left a note on every door in Binnish: leave the town or we burn the houses with you in them.',
    "I've got a message for the people of Sarmin: leave or we burn you in your homes.",
  ])('the sender’s own note stays a threat: %s', (text) => {
    expect(cueKinds(text)).not.toContain('reported_speech');
    expect(alerts(text)).toBe(true);
  });
});
