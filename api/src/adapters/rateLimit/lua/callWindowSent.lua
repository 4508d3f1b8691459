-- Re-stamp the reserved slot ARGV[1] of the call window KEYS[1] with the time its request
-- leaves, unless the reservation lapsed (swept, or older than the span ARGV[2]): then -1, and
-- the slot is dropped.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local span = tonumber(ARGV[2])
local reserved = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not reserved or tonumber(reserved) <= now - span then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return -1
end
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], span)
return now
