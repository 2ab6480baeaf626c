import { LuaScript } from './lua-script.js';

/**
 * Band fields hold one 8-byte entry per day: the day (uint16, big-endian; days since 1970 fit until
 * 2149) then the 6 bytes of the member id. A field keeps the first writer of each day, as the former
 * per-day keys' HSETNX did, so a band value holds at most one entry per day of the window.
 */
export const ENTRY_BYTES = 8;

/**
 * Reads band fields and, in the same call, the records of the members they name within [low, high]:
 * a lookup is one round trip. Records live at `<prefix>:nd:<day>:r:<first 4 hex of member>`, field
 * the other 8 hex digits: keys built in the script, all under the prefix's hash tag (same slot).
 *
 * KEYS: band hashes. ARGV: record key prefix, low day, high day, then one field per key.
 * Returns {index of key, value, …} and {entry, record, …}.
 */
export const READ_BANDS = new LuaScript(`local prefix, low, high = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local bands, records, seen = {}, {}, {}
for i = 1, #KEYS do
  local v = redis.call('HGET', KEYS[i], ARGV[3 + i])
  if v then
    bands[#bands + 1] = i
    bands[#bands + 1] = v
    for j = 1, #v - 7, 8 do
      local d1, d2, m1, m2, m3, m4, m5, m6 = string.byte(v, j, j + 7)
      local day = d1 * 256 + d2
      local entry = string.sub(v, j, j + 7)
      if day >= low and day <= high and not seen[entry] then
        seen[entry] = true
        local record = redis.call('HGET', prefix .. day .. ':r:' .. string.format('%02x%02x', m1, m2), string.format('%02x%02x%02x%02x', m3, m4, m5, m6))
        if record then
          records[#records + 1] = entry
          records[#records + 1] = record
        end
      end
    end
  end
end
return {bands, records}`);

/**
 * Writes a batch's band entries and records. Each band hash is swept the first time a write of a
 * later day reaches it (its '~' field remembers the day): entries older than that day minus the
 * window and a 2-day margin are dropped and the hash's expiry is renewed, so memory stays bounded
 * by the window's traffic (an idle hash expires whole). Appending to a field drops its stale entries
 * too. A retry changes nothing: a field keeps the first entry of each day, a record its first value.
 *
 * KEYS: band hashes, then record hashes. ARGV: number of band hashes, TTL seconds, window days,
 * number of band writes, then one day per band hash (the latest day written to it), then band
 * writes (key index, field, entry), then record writes (key index, field, value).
 */
export const WRITE_BANDS = new LuaScript(`local bandKeys, ttl, windowDays, bandWrites = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local function kept(v, keep)
  local parts = {}
  for j = 1, #v - 7, 8 do
    local d1, d2 = string.byte(v, j, j + 1)
    if d1 * 256 + d2 >= keep then parts[#parts + 1] = string.sub(v, j, j + 7) end
  end
  return table.concat(parts)
end
local keepOf = {}
for i = 1, bandKeys do
  local day = tonumber(ARGV[4 + i])
  local keep = day - windowDays - 2
  keepOf[i] = keep
  local swept = redis.call('HGET', KEYS[i], '~')
  if not swept then
    -- A new (or expired) hash: nothing to sweep.
    redis.call('HSET', KEYS[i], '~', day)
    redis.call('EXPIRE', KEYS[i], ttl)
  elseif tonumber(swept) < day then
    local all = redis.call('HGETALL', KEYS[i])
    for j = 1, #all, 2 do
      if all[j] ~= '~' then
        local v = all[j + 1]
        local k = kept(v, keep)
        if k == '' then redis.call('HDEL', KEYS[i], all[j]) elseif #k < #v then redis.call('HSET', KEYS[i], all[j], k) end
      end
    end
    redis.call('HSET', KEYS[i], '~', day)
    redis.call('EXPIRE', KEYS[i], ttl)
  end
end
local p = 5 + bandKeys
for w = 1, bandWrites do
  local i, field, entry = tonumber(ARGV[p]), ARGV[p + 1], ARGV[p + 2]
  p = p + 3
  -- Most fields are new: one HSETNX; a held field gets this day's entry unless it has one.
  if redis.call('HSETNX', KEYS[i], field, entry) == 0 then
    local v = redis.call('HGET', KEYS[i], field)
    local day = string.sub(entry, 1, 2)
    local held = false
    for j = 1, #v - 7, 8 do
      if string.sub(v, j, j + 1) == day then held = true break end
    end
    if not held then redis.call('HSET', KEYS[i], field, kept(v, keepOf[i]) .. entry) end
  end
end
while p <= #ARGV do
  redis.call('HSETNX', KEYS[tonumber(ARGV[p])], ARGV[p + 1], ARGV[p + 2])
  p = p + 3
end
for i = bandKeys + 1, #KEYS do redis.call('EXPIRE', KEYS[i], ttl) end
return 0`);
