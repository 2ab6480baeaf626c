/** Parses an RFC 8288 Link header into rel → URL ("next", "prev"...); the first link of each rel wins. */
export function parseLinkHeader(value: string | undefined | null): Record<string, string> {
  const links: Record<string, string> = {};
  if (!value) return links;
  for (const match of value.slice(0, 8192).matchAll(/<([^>]*)>\s*((?:;\s*[^;,]*)*)/g)) {
    const rel = /;\s*rel\s*=\s*"?([^";,]+)"?/i.exec(match[2] ?? '')?.[1];
    if (!rel) continue;
    for (const name of rel.trim().toLowerCase().split(/\s+/)) links[name] ??= match[1]!;
  }
  return links;
}

/** A query parameter of a URL, or null when the URL or parameter is missing. */
export function queryParam(url: string | undefined, name: string): string | null {
  if (!url) return null;
  try {
    return new URL(url).searchParams.get(name);
  } catch {
    return null;
  }
}
