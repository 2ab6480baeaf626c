import { describe, expect, it } from 'vitest';
import { contentOf, loadConfig } from '../../../src/config/index.js';
import { validateContent } from '../../../src/config-versions/index.js';
import { SHIPPED_CONFIG } from '../../helpers/paths.js';

describe('the shipped config', () => {
  // loadConfig checks each file's schema; activation checks more (a phrase id used twice, one name
  // claimed by two places). A lexicon edit that breaks those must fail here, not when a worker starts.
  it('passes the checks a config version must pass before it goes live', () => {
    const report = validateContent(contentOf(loadConfig(SHIPPED_CONFIG)), 'shipped');
    expect(report.errors.map((e) => `${e.where}: ${e.message}`)).toEqual([]);
  });
});

describe('the shipped lexicons and cues', () => {
  // `|` binds tighter than a space: "get out|leave" reads get (out|leave). A multi-word option written
  // inside a slot ("leave|go|go back") splits into slots that almost never match, silently; the one
  // trace it leaves is an option repeated in one slot ("go|go"). Whole alternatives go after ` || `.
  it('repeat no option within one slot of a pattern', () => {
    const config = loadConfig(SHIPPED_CONFIG);
    const patterns = [
      ...config.lexicons.flatMap((lexicon) => lexicon.phrases.map((p) => ({ where: `${lexicon.language} ${p.id}`, pattern: p.pattern }))),
      ...config.modifiers.cues.map((c, i) => ({ where: `cue ${i} (${c.kind}, ${c.language})`, pattern: c.pattern })),
    ];
    const repeated = patterns.flatMap(({ where, pattern }) =>
      pattern
        .split(' || ')
        .flatMap((alternative) => alternative.split(' '))
        .map((slot) => slot.replace(/^\[|\]$/g, '').split('|'))
        .filter((options) => new Set(options).size < options.length)
        .map((options) => `${where}: ${options.join('|')}`),
    );
    expect(repeated).toEqual([]);
  });

  // The other trace of a split: a multi-word option inside a slot ("يضحك|رح يضحك|هيضحك", "عيب عليكم|عيب
  // عليكن") leaves two neighbouring slots that share an option. A word said twice ("wa7ed wa7ed", two
  // digits of a score) lists the same options in both and is meant; so are the two listed here.
  it('leave no two neighbouring slots sharing some of their options', () => {
    const config = loadConfig(SHIPPED_CONFIG);
    const patterns = [
      ...config.lexicons.flatMap((lexicon) => lexicon.phrases.map((p) => ({ where: `${lexicon.language} ${p.id}`, pattern: p.pattern }))),
      ...config.modifiers.cues.map((c, i) => ({ where: `cue ${i} (${c.kind}, ${c.language})`, pattern: c.pattern })),
    ];
    const meant = new Set(['بواحد|واحد واحد|وحدة', 'في|ب|من|@target @target|ب|في']);
    const split = patterns.flatMap(({ where, pattern }) =>
      pattern.split(' || ').flatMap((alternative) => {
        const slots = alternative.trim().split(/\s+/);
        return slots.slice(1).flatMap((next, i) => {
          const slot = slots[i]!;
          if (!slot.includes('|') || !next.includes('|') || /[[\]*]/.test(slot + next) || meant.has(`${slot} ${next}`)) return [];
          const options = new Set(slot.split('|'));
          const nextOptions = next.split('|');
          const shared = nextOptions.filter((o) => options.has(o));
          const same = shared.length === options.size && shared.length === nextOptions.length;
          return shared.length > 0 && !same ? [`${where}: ${slot} ${next}`] : [];
        });
      }),
    );
    expect(split).toEqual([]);
  });
});
