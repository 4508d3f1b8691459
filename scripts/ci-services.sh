#!/usr/bin/env bash
# Make sure PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) are up for the
# service-backed suites, starting them with the machine's own commands when they are down.
# Creates nothing: each suite makes (and drops) its own throwaway database and Redis prefix.
# Exits non-zero when a service cannot be brought up, so CI fails instead of skipping.
set -euo pipefail

wait_for() { # name, check command...
  local name=$1; shift
  for _ in $(seq 1 30); do
    if "$@" >/dev/null 2>&1; then echo "== $name is up"; return 0; fi
    sleep 1
  done
  echo "!! $name did not come up" >&2
  return 1
}

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }

if pg_up; then
  echo "== PostgreSQL is up"
else
  echo "== starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
  wait_for PostgreSQL pg_up
fi

if redis_up; then
  echo "== Redis is up"
else
  echo "== starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_for Redis redis_up
fi
