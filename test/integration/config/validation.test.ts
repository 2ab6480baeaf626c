import { describe, expect, it } from 'vitest';
import { contentOf, loadConfig } from '../../../src/config/index.js';
import { validateContent } from '../../../src/config-versions/index.js';
import { SHIPPED_CONFIG } from '../../helpers/paths.js';
import { CONFIG_TEST_DIR, contentWithAlias } from './config-fixtures.js';

const messages = (content: unknown) => {
  const report = validateContent(content);
  return report.errors.map((e) => `${e.where}: ${e.message}`);
};

describe('version validation', () => {
  it('passes the shipped config and the test config', () => {
    expect(messages(contentOf(loadConfig(SHIPPED_CONFIG)))).toEqual([]);
    expect(messages(contentOf(loadConfig(CONFIG_TEST_DIR)))).toEqual([]);
  });

  it('names the place and alias of a name two places claim', () => {
    expect(messages(contentWithAlias('SARAQIB'))).toEqual([
      expect.stringMatching(/^places\.yaml: places\[darat-izza\]\.aliases\.en\[2\]: "SARAQIB" also names place "saraqib" \(name "Saraqib"\)/),
    ]);
  });

  it('refuses a one-word alias that is an everyday word unless it is listed in common_words', () => {
    expect(messages(contentWithAlias('market'))).toEqual([expect.stringMatching(/places\[darat-izza\]\.aliases\.en\[2\]: "market" is a common word/)]);
    const allowed = contentWithAlias('market');
    (allowed.places as { common_words: string[] }).common_words.push('market');
    expect(messages(allowed)).toEqual([]);
  });

  it('refuses a phrase that would match almost everything, and a repeated phrase, naming file, index and id', () => {
    const content = contentWithAlias();
    const lexicon = content.lexicons[0]!;
    (lexicon.phrases as unknown[]).push(
      { id: 'en-vague', pattern: 'the ** @target', category: 'intimidation', weight: 0.5, self_targeting: false, needs_negation: false },
      { id: 'en-again', pattern: 'slaughter+', category: 'death_threat', weight: 0.9, self_targeting: false, needs_negation: false },
    );
    expect(messages(content)).toEqual([
      'lexicon/en.yaml: phrases[3] (en-vague): "the ** @target" would match almost every post: it has no distinctive word (only wildcards, optional words, @target or common words); add a specific word',
      'lexicon/en.yaml: phrases[4] (en-again): "slaughter+" repeats phrases[0] (en-slaughter)',
    ]);
  });

  it('reports schema errors with the file and path', () => {
    const content = contentWithAlias() as unknown as { thresholds: { severity: { low: unknown } } };
    content.thresholds.severity.low = 'high';
    expect(messages(content)).toEqual([expect.stringMatching(/^draft: thresholds\.yaml: severity\.low: /)]);
  });
});
