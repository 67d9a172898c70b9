/*
 * The one atomic step of the projection: a Lua script that, for each hall of a round,
 *   1. checks the caller still holds the hall's lease (fencing: a paused or partitioned instance
 *      whose lease moved on cannot write),
 *   2. checks the stored last-applied seq is the one the batch was computed from (so a batch is
 *      applied once, in order, even if two instances overlap for a moment),
 *   3. runs the batch's ops and advances the checkpoint.
 * Redis runs a script alone, so each hall's step is all or nothing as other clients see it. One
 * script serves many halls: under a steady trickle a round holds one or two events per hall, and
 * one call per hall would cost more than the events themselves.
 *
 * KEYS: per hall, its checkpoint hash then its lease.
 * ARGV[1] owner id, then per hall a section:
 *   expected seq, new seq, events applied, events skipped, stream seq to resume from,
 *   last event ts, number of op arguments that follow, the ops (write-plan.ts).
 *
 * Returns per hall: 1 applied; -1 not the lease holder; -2 the stored seq moved on (then the
 * next entry is the stored seq; otherwise 0); -3 malformed ops (nothing written for the hall).
 */
export const APPLY_SCRIPT = `
local ARITY = { I = 4, M = 4, X = 4, K = 2, E = 3, S = 3 }
local function width(i)
  local op = ARGV[i]
  if op == 'H' then return 3 + (tonumber(ARGV[i + 2]) or -1) * 2 end
  if op == 'D' then return 3 + (tonumber(ARGV[i + 2]) or -1) end
  return ARITY[op]
end
local function fields(from, count)
  local out = {}
  for j = 0, count - 1 do out[#out + 1] = ARGV[from + j] end
  return out
end
local function multi(command, key, start, count)
  while count > 0 do
    local take = math.min(count, 2000)
    redis.call(command, key, unpack(fields(start, take)))
    start = start + take
    count = count - take
  end
end
local function run(i, last)
  while i <= last do
    local op = ARGV[i]
    if op == 'H' then
      multi('HSET', ARGV[i + 1], i + 3, tonumber(ARGV[i + 2]) * 2)
    elseif op == 'D' then
      multi('HDEL', ARGV[i + 1], i + 3, tonumber(ARGV[i + 2]))
    elseif op == 'I' then
      redis.call('HINCRBY', ARGV[i + 1], ARGV[i + 2], ARGV[i + 3])
    elseif op == 'M' then
      local current = tonumber(redis.call('HGET', ARGV[i + 1], ARGV[i + 2]) or '-1')
      if tonumber(ARGV[i + 3]) > current then redis.call('HSET', ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]) end
    elseif op == 'X' then
      redis.call('XADD', ARGV[i + 1], 'MAXLEN', '~', ARGV[i + 2], '*', 'r', ARGV[i + 3])
    elseif op == 'K' then
      redis.call('DEL', ARGV[i + 1])
    elseif op == 'E' then
      redis.call('EXPIRE', ARGV[i + 1], ARGV[i + 2])
    elseif op == 'S' then
      redis.call('SADD', ARGV[i + 1], ARGV[i + 2])
    end
    i = i + width(i)
  end
end
local out = {}
local a = 2
for k = 1, #KEYS, 2 do
  local ckpt, lease = KEYS[k], KEYS[k + 1]
  local expected, newSeq = tonumber(ARGV[a]), ARGV[a + 1]
  local applied, skipped, resume, ts = ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5]
  local first, last = a + 7, a + 6 + tonumber(ARGV[a + 6])
  a = last + 1
  -- Check the hall's whole op list before writing anything for it.
  local i = first
  while i <= last do
    local w = width(i)
    if w == nil or w < 2 then break end
    i = i + w
  end
  if i ~= last + 1 then
    out[#out + 1] = -3
    out[#out + 1] = 0
  elseif redis.call('GET', lease) ~= ARGV[1] then
    out[#out + 1] = -1
    out[#out + 1] = 0
  else
    local stored = tonumber(redis.call('HGET', ckpt, 'seq') or '0')
    if stored ~= expected then
      out[#out + 1] = -2
      out[#out + 1] = stored
    else
      run(first, last)
      redis.call('HSET', ckpt, 'seq', newSeq, 'stream', resume, 'ts', ts)
      redis.call('HINCRBY', ckpt, 'applied', applied)
      if tonumber(skipped) > 0 then redis.call('HINCRBY', ckpt, 'skipped', skipped) end
      out[#out + 1] = 1
      out[#out + 1] = 0
    end
  end
end
return out
`
