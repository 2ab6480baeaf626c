/**
 * The dateline a news item opens with: "IDLIB — 3 March:", "إدلب - الاثنين ٣ آذار:", "Aden, March 3
 * (Reuters) —". A post that opens so is a report, whatever threats it then relates. A place name, a
 * dash and a threat ("Jisr al-Shughur — we finish off every last one of you") is no dateline: the
 * part after the place must be a date, closed by a colon or a dash.
 */

/**
 * Month and weekday names (normalized: أ→ا, ة→ه, ى→ي) and yesterday; not today or tonight, which open
 * threats as well ("Saraqib — tonight: …").
 */
const DATE_WORDS = new Set([
  ...'january february march april may june july august september october november december'.split(' '),
  ...'jan feb mar apr jun jul aug sep sept oct nov dec'.split(' '),
  ...'monday tuesday wednesday thursday friday saturday sunday yesterday'.split(' '),
  ...'يناير فبراير مارس ابريل مايو يونيو يوليو اغسطس سبتمبر اكتوبر نوفمبر ديسمبر'.split(' '),
  ...'كانون شباط اذار نيسان ايار حزيران تموز اب ايلول تشرين'.split(' '),
  ...'الاثنين الاتنين الثلاثاء الاربعاء الخميس الجمعه السبت الاحد امس'.split(' '),
]);

/** At most this many words name the place before the separator, and this many make the date. */
const MAX_PLACE_WORDS = 4;
const MAX_DATE_WORDS = 6;

/** A place, a separator (dash or comma), a date, and the dash or colon that closes the dateline; an agency in brackets may follow the date. */
const DATELINE = /^\s*([^\n:—–,،(]{2,60}?)\s*(?:[—–]|\s-\s|-{2}|[,،])\s*([^\n:—–]{1,60}?)\s*(?:\([^\n()]{2,30}\)\s*)?(?:[—–:]|\s-\s)/u;

/** A word of a date: a number (Latin or Arabic-Indic digits) or a month or day name. */
function isDateWord(word: string): boolean {
  return /[0-9\u0660-\u0669]/.test(word) || DATE_WORDS.has(word.replace(/^[وب]?(?=ال)/, ''));
}

/**
 * The length of the dateline `text` (normalized) opens with, in characters, or 0 for none.
 *
 * @example datelineLength('idlib — 3 march: shelling hit the market') // 16
 */
export function datelineLength(text: string): number {
  const m = DATELINE.exec(text);
  if (!m) return 0;
  const place = m[1]!.trim().split(/\s+/);
  const date = m[2]!.trim().split(/[\s,،]+/);
  if (place.length > MAX_PLACE_WORDS || date.length > MAX_DATE_WORDS) return 0;
  return date.some(isDateWord) ? m[0].length : 0;
}
