import { describe, expect, it } from 'vitest';
import { reduceHtml, tidyWhitespace } from '../../../src/feeds/html-to-text.js';

describe('reduceHtml', () => {
  it('turns <br> and paragraph ends into newlines', () => {
    expect(reduceHtml('<p>one<br>two<br/>three</p><p>four</p>').text).toBe('one\ntwo\nthree\n\nfour');
  });

  it('drops scripts, styles and noscript content entirely', () => {
    const html = '<p>safe</p><script>steal()</script><style>p{}</style><noscript>enable js</noscript>';
    expect(reduceHtml(html).text).toBe('safe');
  });

  it('decodes named and numeric HTML entities', () => {
    expect(reduceHtml('Tom &amp; Jerry &mdash; &quot;hi&quot; &#1605;&#x631;&#x62D;&#x628;&#x627; &nbsp;x').text).toBe('Tom & Jerry — "hi" مرحبا x');
  });

  it('leaves Arabic text, diacritics, tatweel and joiners untouched', () => {
    const text = 'بِسْمِ ـــ الله\u200cمي';
    expect(reduceHtml(`<div>${text}</div>`).text).toBe(text);
  });

  it('collects link targets and media sources', () => {
    const html = '<a href="https://a.example/x">x</a><img src="/i.png"><video src="https://v.example/v.mp4"></video><source src="s.webm">';
    const reduced = reduceHtml(html);
    expect(reduced.links).toEqual(['https://a.example/x']);
    expect(reduced.media).toEqual(['/i.png', 'https://v.example/v.mp4', 's.webm']);
  });

  it('keeps a lone "<" in plain text', () => {
    expect(reduceHtml('a < b and c > d').text).toBe('a < b and c > d');
  });
});

describe('tidyWhitespace', () => {
  it('collapses spaces and blank-line runs and trims lines', () => {
    expect(tidyWhitespace('  a \t b  \r\n\n\n\n  c  ')).toBe('a b\n\nc');
  });
});
