/*
 * The one atomic step of the projection: a Lua script that, for one hall,
 *   1. checks the caller still holds the hall's lease (fencing: a paused or partitioned instance
 *      whose lease moved on cannot write),
 *   2. checks the stored last-applied seq is the one the batch was computed from (so a batch is
 *      applied once, in order, even if two instances overlap for a moment),
 *   3. runs the batch's ops and advances the checkpoint, all or nothing as far as other clients see.
 *
 * KEYS[1] checkpoint hash, KEYS[2] lease
 * ARGV[1] owner id, ARGV[2] expected seq, ARGV[3] new seq, ARGV[4] events applied,
 * ARGV[5] events skipped, ARGV[6] stream seq to resume from, ARGV[7] last event ts, ARGV[8…] ops
 *
 * Returns {1, newSeq} applied; {-1, 0} not the lease holder; {-2, storedSeq} seq moved on.
 */
export const APPLY_SCRIPT = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return {-1, 0} end
local stored = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
if stored ~= tonumber(ARGV[2]) then return {-2, stored} end
local n = #ARGV
local ARITY = { I = 4, M = 4, X = 4, K = 2, E = 3, S = 3 }
local function width(i)
  local op = ARGV[i]
  if op == 'H' then return 3 + tonumber(ARGV[i + 2]) * 2 end
  if op == 'D' then return 3 + tonumber(ARGV[i + 2]) end
  return ARITY[op]
end
-- Check the whole op list before writing anything, so a malformed batch changes nothing.
local i = 8
while i <= n do
  local w = width(i)
  if w == nil then return redis.error_reply('unknown op ' .. tostring(ARGV[i])) end
  i = i + w
end
if i ~= n + 1 then return redis.error_reply('truncated op list') end
local function fields(from, count)
  local out = {}
  for j = 0, count - 1 do out[#out + 1] = ARGV[from + j] end
  return out
end
i = 8
while i <= n do
  local op = ARGV[i]
  if op == 'H' then
    local count = tonumber(ARGV[i + 2]) * 2
    local start = i + 3
    while count > 0 do
      local take = math.min(count, 2000)
      redis.call('HSET', ARGV[i + 1], unpack(fields(start, take)))
      start = start + take
      count = count - take
    end
    i = i + 3 + tonumber(ARGV[i + 2]) * 2
  elseif op == 'D' then
    local count = tonumber(ARGV[i + 2])
    local start = i + 3
    while count > 0 do
      local take = math.min(count, 2000)
      redis.call('HDEL', ARGV[i + 1], unpack(fields(start, take)))
      start = start + take
      count = count - take
    end
    i = i + 3 + tonumber(ARGV[i + 2])
  elseif op == 'I' then
    redis.call('HINCRBY', ARGV[i + 1], ARGV[i + 2], ARGV[i + 3])
    i = i + 4
  elseif op == 'M' then
    local current = tonumber(redis.call('HGET', ARGV[i + 1], ARGV[i + 2]) or '-1')
    if tonumber(ARGV[i + 3]) > current then redis.call('HSET', ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]) end
    i = i + 4
  elseif op == 'X' then
    redis.call('XADD', ARGV[i + 1], 'MAXLEN', '~', ARGV[i + 2], '*', 'r', ARGV[i + 3])
    i = i + 4
  elseif op == 'K' then
    redis.call('DEL', ARGV[i + 1])
    i = i + 2
  elseif op == 'E' then
    redis.call('EXPIRE', ARGV[i + 1], ARGV[i + 2])
    i = i + 3
  elseif op == 'S' then
    redis.call('SADD', ARGV[i + 1], ARGV[i + 2])
    i = i + 3
  end
end
redis.call('HSET', KEYS[1], 'seq', ARGV[3], 'stream', ARGV[6], 'ts', ARGV[7])
redis.call('HINCRBY', KEYS[1], 'applied', ARGV[4])
if tonumber(ARGV[5]) > 0 then redis.call('HINCRBY', KEYS[1], 'skipped', ARGV[5]) end
return {1, tonumber(ARGV[3])}
`
