/** Milliseconds since the Unix epoch at which X (Twitter) Snowflake ids start counting. */
const TWITTER_EPOCH_MS = 1_288_834_974_657n;
/** The first Snowflake id (Nov 2010); lower ids are the older sequential ones and carry no time. */
const FIRST_SNOWFLAKE_ID = 29_700_859_247_125_504n;

/**
 * The creation time a tweet id carries (Snowflake: the top 41 bits count milliseconds since the
 * Twitter epoch), as an ISO string; null for ids that are not Snowflakes.
 *
 * @example snowflakeTime('1460323737035677698') === '2021-11-15T19:08:05.069Z'
 */
export function snowflakeTime(id: string): string | null {
  if (!/^\d{1,25}$/.test(id)) return null;
  const value = BigInt(id);
  if (value < FIRST_SNOWFLAKE_ID) return null;
  const ms = Number((value >> 22n) + TWITTER_EPOCH_MS);
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
