/*
 * Lua scripts for membership and leases. Times come from the Redis server's clock (TIME), so
 * instances whose clocks disagree still agree on who is alive.
 */

/**
 * KEYS[1] members sorted set; ARGV[1] instance id, ARGV[2] time to live (ms).
 * Renews the caller's membership, drops expired members, returns the live ones.
 */
export const HEARTBEAT_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZRANGE', KEYS[1], 0, -1)
`

/**
 * KEYS: the lease keys of the halls held (first ARGV[3] keys) then of the halls wanted.
 * ARGV[1] instance id, ARGV[2] lease time to live (ms), ARGV[3] number of held halls.
 * Renews held leases that are still the caller's, takes wanted leases that are free.
 * Returns 1 (held / taken) or 0 (lost / taken by another) per key.
 */
export const LEASES_SCRIPT = `
local out = {}
local held = tonumber(ARGV[3])
for i, key in ipairs(KEYS) do
  local owner = redis.call('GET', key)
  if owner == ARGV[1] then
    redis.call('PEXPIRE', key, ARGV[2])
    out[i] = 1
  elseif i > held and owner == false then
    redis.call('SET', key, ARGV[1], 'PX', ARGV[2])
    out[i] = 1
  else
    out[i] = 0
  end
end
return out
`

/** KEYS[1] lease; ARGV[1] instance id. Deletes the lease if it is the caller's. */
export const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`
