const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

// RFC 822 / 1123 named zones; military single letters are too ambiguous in practice to trust.
const ZONES: Record<string, number> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
};

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*([Zz]|[+-]\d{2}:?\d{2})?$/;
const RFC822 = /^(?:[A-Za-z]{3,9},?\s*)?(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[A-Za-z]{1,5})?$/;

function offsetMinutes(zone: string | undefined): number | null {
  if (!zone || zone === 'Z' || zone === 'z') return 0; // no zone: feeds that omit it almost always mean UTC
  const numeric = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3]);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  const named = ZONES[zone.toUpperCase()];
  return named === undefined ? null : named;
}

function toIso(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offset: number): string | null {
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const local = Date.UTC(y, mo, d, h, mi, Math.min(s, 59), ms);
  const check = new Date(local);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo) return null; // e.g. 31 Feb
  return (offset === 0 ? check : new Date(local - offset * 60_000)).toISOString();
}

/**
 * Converts a feed timestamp (RFC 3339 / ISO 8601 as in Atom, or RFC 822 as in RSS) to a UTC ISO
 * string; null when unreadable. Date.parse is avoided: it guesses, and reads zone-less as local.
 */
export function parsePublishedTime(text: string | null | undefined): string | null {
  const value = text?.trim();
  if (!value) return null;
  const iso = RFC3339.exec(value);
  if (iso) {
    const offset = offsetMinutes(iso[8]);
    if (offset === null) return null;
    const ms = iso[7] ? Number(iso[7].slice(0, 3).padEnd(3, '0')) : 0;
    return toIso(+iso[1]!, +iso[2]! - 1, +iso[3]!, +(iso[4] ?? 0), +(iso[5] ?? 0), +(iso[6] ?? 0), ms, offset);
  }
  const rfc = RFC822.exec(value);
  if (rfc) {
    const month = MONTHS[rfc[2]!.toLowerCase()];
    const offset = offsetMinutes(rfc[7]);
    if (month === undefined || offset === null) return null;
    let year = Number(rfc[3]);
    if (rfc[3]!.length === 2)
      year += year < 50 ? 2000 : 1900; // RFC 2822 obsolete two-digit years
    else if (rfc[3]!.length === 3) year += 1900;
    return toIso(year, month, +rfc[1]!, +rfc[4]!, +rfc[5]!, +(rfc[6] ?? 0), 0, offset);
  }
  return null;
}
