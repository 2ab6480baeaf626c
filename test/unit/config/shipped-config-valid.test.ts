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
