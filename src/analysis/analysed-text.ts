/**
 * The start of a post's text the analyzer reads: at most `maxChars` characters, never ending inside a
 * surrogate pair. A prefix, so every span the analysis reports still points into the stored text.
 *
 * @example analysedText('abcdef', 4) === 'abcd'
 */
export function analysedText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const last = text.charCodeAt(maxChars - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? maxChars - 1 : maxChars);
}
