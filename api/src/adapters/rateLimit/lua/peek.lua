-- The window KEYS[1]'s count and time left, changing nothing (a missing key: nothing used).
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
return { count, redis.call('PTTL', KEYS[1]) }
