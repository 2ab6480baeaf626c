import { describe, expect, it } from 'vitest';
import { e2ePosts } from '../../../src/bench/e2e-posts.js';
import { loadConfig } from '../../../src/config/index.js';
import { SHIPPED_CONFIG } from '../../helpers/paths.js';

describe('e2e bench posts', () => {
  const config = loadConfig(SHIPPED_CONFIG);
  const now = Date.UTC(2026, 10, 30, 12);
  const posts = e2ePosts(config, 2_000, { now });

  it('are deterministic, with unique ids, in Arabic and English', () => {
    expect(e2ePosts(config, 2_000, { now })).toEqual(posts);
    expect(new Set(posts.map((p) => p.id)).size).toBe(2_000);
    expect(posts.filter((p) => p.lang === 'ar').length).toBeGreaterThan(800);
    expect(posts.filter((p) => p.lang === 'en').length).toBeGreaterThan(800);
  });

  it('carry 5 % threats, some of them exact copies posted by other accounts', () => {
    const threats = posts.filter((_, i) => i % 20 === 19);
    expect(threats).toHaveLength(100);
    const texts = threats.map((p) => p.text);
    const copies = texts.length - new Set(texts).size;
    expect(copies).toBeGreaterThanOrEqual(15);
    expect(copies).toBeLessThanOrEqual(35);
    // Everyday posts never repeat a threat's text.
    const threatTexts = new Set(texts);
    expect(posts.filter((p, i) => i % 20 !== 19 && threatTexts.has(p.text))).toEqual([]);
  });

  it('name the configured places in everyday posts', () => {
    const names = config.places.places.map((p) => p.name);
    const everyday = posts.filter((_, i) => i % 20 !== 19 && i % 2 === 0);
    expect(everyday.filter((p) => names.some((n) => p.text.includes(n))).length).toBeGreaterThan(everyday.length / 4);
  });
});
