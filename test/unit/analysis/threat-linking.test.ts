import { describe, expect, it } from 'vitest';
import { analyzePost, wouldAlert } from '../../../src/analysis/index.js';
import { shippedAnalyzer } from './analyzer-fixture.js';

const { analyzer, config } = shippedAnalyzer();
const alerts = (text: string): boolean => wouldAlert(analyzePost({ text }, analyzer), config.thresholds);
const targets = (text: string): string[] => analyzePost({ text }, analyzer).targets.map((t) => t.placeId);

describe('threat detection and linking', () => {
  it("alerts on direct threats against a town's people in English, Arabic dialects and Arabizi", () => {
    expect(targets('We will slaughter the people of Saraqib tonight')).toEqual(['saraqib']);
    expect(targets('رح نذبحكم يا اهل سراقب')).toEqual(['saraqib']);
    expect(targets('بدنا ندبح كل واحد من سكان تفتناز')).toEqual(['taftanaz']);
    expect(targets('هنقتل اهالي كفرنبل')).toEqual(['kafr-nabl']);
    expect(targets('ya ahl darat 3azza ha2tolkom kolkom')).toEqual(['darat-izza']);
  });

  it('reads obfuscated threat words (leet, spaced, typos, glued, elongated)', () => {
    expect(alerts('I want to k1ll all people of Saraqib')).toBe(true);
    expect(alerts('People from Saraqib deserve to d i e')).toBe(true);
    expect(alerts('I want to klil all people from Saraqib')).toBe(true);
    expect(alerts('Somebody should just stabthose residents of Saraqib')).toBe(true);
    expect(alerts('هقص رقااااااب اهل سراقب')).toBe(true);
  });

  it('links a threat to the people named in the neighbouring sentence through "them"', () => {
    expect(targets('Those people from Atarib will never change. Let us just eradicate them.')).toEqual(['atarib']);
  });

  it('reads a pronoun attached in Arabizi (nedba7hom, 7adrinlokom) as "them" too, and not a short word ending so', () => {
    const linkedBy = (text: string) => analyzePost({ text }, analyzer).explanation;
    expect(linkedBy('Saraqib made a protest today. Wallah ra7 nedba7hom')).toContain('pronoun for a group in the neighbouring sentence');
    expect(linkedBy('Saraqib made a protest today. Wallah ra7 nedba7 7okom')).not.toContain('neighbouring sentence');
  });

  it('links takfir that names its own target', () => {
    expect(targets('اهل الاتارب مرتدين ودمهم حلال')).toEqual(['atarib']);
  });

  it('rolls a threat against a village up to the monitored town', () => {
    expect(targets('We will burn the people of Taqad alive')).toEqual(['darat-izza']);
  });

  it('raises nothing for a monitored place when the threat is against a person', () => {
    expect(alerts('I will kill him tomorrow. Darat Izza is beautiful in spring.')).toBe(false);
  });

  it('raises nothing when the threat is aimed at an unmonitored place', () => {
    const a = analyzePost({ text: "Let's bomb Aleppo, I'm from Darat Izza." }, analyzer);
    expect(a.targets).toEqual([]);
    expect(a.explanation).toContain('not monitored');
  });

  it('scores threats without a place only in any-target mode', () => {
    expect(analyzePost({ text: 'I want to kill all of them' }, analyzer).score).toBe(0);
    expect(analyzePost({ text: 'I want to kill all of them' }, analyzer, { anyTarget: true }).score).toBeGreaterThan(0.7);
  });

  it('is deterministic and explains itself in one line with spans in the original text', () => {
    const text = 'We will slaughter the people of Dārat ʿIzzah';
    const a = analyzePost({ text }, analyzer);
    expect(analyzePost({ text }, analyzer)).toEqual(a);
    expect(a.explanation).not.toContain('\n');
    for (const s of [...a.signals.map((x) => x.span), ...a.places.map((x) => x.span)]) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(a.places[0]!.span.text).toBe('the people of Dārat ʿIzzah');
  });
});
