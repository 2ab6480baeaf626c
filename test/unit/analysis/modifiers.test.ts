import { describe, expect, it } from 'vitest';
import { analyzePost, wouldAlert } from '../../../src/analysis/index.js';
import { shippedAnalyzer } from './analyzer-fixture.js';

const { analyzer, config } = shippedAnalyzer();
const alerts = (text: string): boolean => wouldAlert(analyzePost({ text }, analyzer), config.thresholds);
const kinds = (text: string): string[] => [...new Set(analyzePost({ text }, analyzer).modifiers.map((m) => m.kind))];

describe('modifiers', () => {
  it('negation vetoes a threat: "I would never", لن, مش هـ, ما رح, circumfix مـ…ش', () => {
    expect(alerts('I would never hurt anyone from Saraqib')).toBe(false);
    expect(kinds('I would never hurt anyone from Saraqib')).toContain('negation');
    expect(alerts('لن نقتل اهل سراقب')).toBe(false);
    expect(alerts('مش هنقتل اهل سراقب')).toBe(false);
    expect(alerts('ما رح نقتل اهل سراقب')).toBe(false);
    expect(alerts('عمري محأزي حد من اهل سراقب')).toBe(false);
  });

  it('negated life phrases are threats: "do not deserve to live", "مالهمش حق يعيشوا"', () => {
    expect(alerts('People from Saraqib do not deserve to live')).toBe(true);
    expect(alerts('اهل سراقب مش لازم يكون عندهم حق يعيشو')).toBe(true);
  });

  it('reported speech and news framing lower the score below alerting', () => {
    expect(alerts('Supporters threatened to kill the residents of Darat Izza, according to activists')).toBe(false);
    expect(kinds('أفادت مصادر بأن مسلحين هددوا بقتل أهالي دارة عزة')).toContain('reported_speech');
  });

  it('counter-speech quoting a threat does not alert', () => {
    expect(alerts('Saying "kill all people of Saraqib" is unacceptable')).toBe(false);
    expect(kinds('We condemn the calls to kill the people of Saraqib')).toContain('counter_speech');
  });

  it('an endorsement frame cancels the reporting cue it names: "what is wrong with saying …"', () => {
    // The rules keep the threat phrase live; the model still scores this rhetorical form low (a known
    // miss, see the README's "How a post is scored").
    const text = 'What is wrong with saying the people of Saraqib deserve to die?';
    expect(kinds(text)).not.toContain('reported_speech');
    expect(analyzePost({ text }, analyzer).signals.map((s) => s.category)).toContain('death_threat');
  });

  it('fiction and games lower the score (hypothetical)', () => {
    expect(kinds('In the game we kill the people of Saraqib')).toContain('hypothetical');
  });

  it('past events are descriptions, not threats', () => {
    expect(kinds('The residents of Saraqib were killed in 2017')).toContain('past');
    expect(alerts('The residents of Saraqib were killed in 2017')).toBe(false);
  });

  it('non-violent senses do not alert: football, weather, idioms', () => {
    expect(alerts("We will slaughter Saraqib's team in the derby")).toBe(false);
    expect(alerts('The heat is killing us here in Taftanaz')).toBe(false);
    expect(alerts('The Saraqib choir is killing it tonight')).toBe(false);
    expect(alerts('انا بموت بأهالي سراقب')).toBe(false);
  });

  it('information questions are lowered, proposals phrased as questions are not', () => {
    expect(kinds('Is it true they killed the people of Saraqib?')).toContain('question');
    expect(alerts("Why don't we just get rid of the people of Saraqib?")).toBe(true);
  });
});
