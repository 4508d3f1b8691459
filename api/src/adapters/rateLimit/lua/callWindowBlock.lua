-- Block admissions (KEYS[1]) for ARGV[1] ms unless a longer block is already in place.
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 0
