#!/bin/sh
# As the official image: without a config file, protected mode is off (the port is reachable
# only inside the container network); the server runs as redis and owns /data.
set -eu
if [ "${1:-}" = redis-server ]; then
  case "${2:-}" in
    '' | -*) set -- "$@" --protected-mode no ;;
  esac
  if [ "$(id -u)" = 0 ]; then
    chown -R redis:redis /data
    exec setpriv --reuid=redis --regid=redis --init-groups "$@"
  fi
fi
exec "$@"
