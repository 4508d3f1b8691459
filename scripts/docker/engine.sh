#!/usr/bin/env bash
# Make sure a Docker engine answers on the default socket, for `npm run test:image`.
#   - one already answers (started by hand, by an earlier run, or by the system): used as it is;
#   - else, as root: installs Debian's docker.io, docker-compose and debootstrap when missing, then
#     starts dockerd the way this machine kind allows (no iptables, no default bridge, overlay2;
#     builds then need --network=host) and waits for it.
# Exits non-zero when no engine can be had; the image tests then fail under CI (and skip locally).
set -euo pipefail

LOG=${DOCKERD_LOG:-/var/log/dockerd-pixeltales.log}
PIDFILE=/var/run/docker.pid

answers() { docker info >/dev/null 2>&1; }

wait_for_engine() {
  for _ in $(seq 1 60); do
    if answers; then return 0; fi
    sleep 1
  done
  return 1
}

if command -v docker >/dev/null 2>&1 && answers; then
  echo "== Docker engine is up ($(docker version -f '{{.Server.Version}}' 2>/dev/null))"
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  echo "!! no Docker engine answers, and starting one needs root" >&2
  exit 1
fi

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 || missing+=(docker-compose)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# A dockerd of ours may still be starting: wait for it rather than start a second one.
if [ -s "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  echo "== dockerd (pid $(cat "$PIDFILE")) is starting; waiting"
  if wait_for_engine; then echo "== Docker engine is up"; exit 0; fi
  echo "!! dockerd (pid $(cat "$PIDFILE")) runs but does not answer; see $LOG" >&2
  exit 1
fi
rm -f "$PIDFILE" # left by a dockerd that died: dockerd refuses to start beside it

echo "== starting dockerd (log: $LOG)"
setsid nohup dockerd --iptables=false --ip6tables=false --bridge=none --storage-driver=overlay2 \
  --pidfile "$PIDFILE" >>"$LOG" 2>&1 </dev/null &
if wait_for_engine; then
  echo "== Docker engine is up ($(docker version -f '{{.Server.Version}}' 2>/dev/null))"
else
  echo "!! dockerd did not come up; last lines of $LOG:" >&2
  tail -n 20 "$LOG" >&2
  exit 1
fi
