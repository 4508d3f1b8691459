-- Take ARGV[2] units from the window's counter KEYS[1] when they fit under ARGV[3], setting its
-- expiry (ARGV[1] ms) on first use, atomically; return whether they were taken and the time left.
-- A refused call takes nothing, so one expensive refusal does not block cheap calls.
local cost = tonumber(ARGV[2])
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
local allowed = 0
if count + cost <= tonumber(ARGV[3]) then
  count = redis.call('INCRBY', KEYS[1], cost)
  allowed = 1
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 and allowed == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
if ttl < 0 then ttl = tonumber(ARGV[1]) end
return { allowed, ttl }
