#!/usr/bin/env bash
# Base images for the Dockerfile and docker-compose.yml when no image registry is reachable.
#
#   bash scripts/docker/standins.sh [node] [postgres] [redis]     (default: all three)
#
# For each tag, in order: an image already on this engine is kept (nothing is rebuilt); else a
# `docker pull` is tried; only when that fails is a stand-in made here, under the same tag, so
# the Dockerfile and docker-compose.yml stay standard:
#   debian:bookworm-slim      `debootstrap --variant=minbase bookworm`, slimmed like Debian's -slim
#                             images, with this machine's CA bundle (the app image's runtime base)
#   node:20.20-bookworm-slim  that + this machine's Node 20 (node, npm, headers) in /usr/local, a
#                             `node` user (uid/gid 1000) and an npmrc (cafile, nodedir): standin/node.Dockerfile
#   postgres:16-alpine        Debian's PostgreSQL (bookworm ships 15) with the official image's
#                             POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB first start: standin/postgres.Dockerfile
#   redis:7-alpine            Debian's redis-server 7: standin/redis.Dockerfile
# Needs root, a running engine (scripts/docker/engine.sh) and Debian's package mirror.
set -euo pipefail
cd "$(dirname "$0")"

DOCKER=${DOCKER:-docker}
STANDIN_CACHE=${STANDIN_CACHE:-/var/cache/pixeltales-standins}
DEBIAN_TAG=debian:bookworm-slim
NODE_TAG=node:20.20-bookworm-slim
PG_TAG=postgres:16-alpine
REDIS_TAG=redis:7-alpine

have() { "$DOCKER" image inspect "$1" >/dev/null 2>&1; }
pulled() { "$DOCKER" pull -q "$1" >/dev/null 2>&1; }

# The Debian mirror this machine's apt uses (deb822 or one-line sources), for debootstrap.
mirror() {
  local m
  m=$(grep -hoE '^URIs:[[:space:]]*\S+/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 | awk '{print $2}')
  [ -n "$m" ] || m=$(grep -hoE '^deb[[:space:]]+\S+/debian/?[[:space:]]+bookworm[[:space:]]' /etc/apt/sources.list 2>/dev/null | head -1 | awk '{print $2}')
  echo "${m:-http://deb.debian.org/debian}"
}

# A bookworm minbase root file system, slimmed as Debian's -slim images are, trusting what this
# machine trusts; imported as debian:bookworm-slim. The debootstrap result is kept in
# $STANDIN_CACHE, so a later run on this machine (even with an emptied engine) skips it.
make_debian() {
  local root started tarball
  started=$(date +%s)
  tarball="$STANDIN_CACHE/bookworm-minbase.tar"
  root=$(mktemp -d /var/tmp/pixeltales-rootfs.XXXXXX)
  if [ -s "$tarball" ]; then
    echo "== bookworm minbase from $tarball"
    tar -C "$root" -xf "$tarball"
  else
    command -v debootstrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
    echo "== debootstrap bookworm (minbase) from $(mirror)"
    nice -n 10 debootstrap --variant=minbase bookworm "$root" "$(mirror)" >/dev/null
    mkdir -p "$STANDIN_CACHE"
    tar -C "$root" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
  fi
  cp standin/slim.dpkg.cfg "$root/etc/dpkg/dpkg.cfg.d/docker-slim"
  find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
  rm -rf "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/lintian/* \
    "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin "$root"/var/lib/apt/lists/* "$root"/var/log/*.log
  # Outgoing HTTPS passes a proxy whose certificate this machine trusts: the image trusts the same.
  mkdir -p "$root/etc/ssl/certs"
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
  tar -C "$root" -c . | "$DOCKER" import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
    --change 'LABEL pixeltales.standin=debootstrap-bookworm-minbase' \
    --change 'CMD ["bash"]' - "$DEBIAN_TAG" >/dev/null
  rm -rf "$root"
  echo "== $DEBIAN_TAG made in $(($(date +%s) - started)) s"
}

# debian:bookworm-slim + this machine's Node 20 (node, npm, headers) in /usr/local, a node
# user (uid/gid 1000) and an npmrc: npm trusts the CA bundle, node-gyp uses the local headers.
make_node() {
  local node ctx started
  started=$(date +%s)
  node=$(readlink -f "$(command -v node)")
  case "$("$node" --version)" in v20.*) ;; *) echo "!! $NODE_TAG needs this machine's Node 20, found $("$node" --version)" >&2; return 1 ;; esac
  ctx=$(mktemp -d /var/tmp/pixeltales-node.XXXXXX)
  cp "$node" "$ctx/node"
  cp -a "$(readlink -f "$(dirname "$node")/../lib/node_modules/npm")" "$ctx/npm"
  cp -a "$(readlink -f "$(dirname "$node")/../include/node")" "$ctx/include"
  [ -f "$ctx/include/node.h" ] && [ -f "$ctx/npm/bin/npm-cli.js" ] || { echo "!! npm or the Node headers are missing beside $node" >&2; rm -rf "$ctx"; return 1; }
  cp standin/node.Dockerfile "$ctx/Dockerfile"
  nice -n 10 "$DOCKER" build -q --network=host --build-arg "NODE_VERSION=$("$node" --version | tr -d v)" -t "$NODE_TAG" "$ctx" >/dev/null
  rm -rf "$ctx"
  echo "== $NODE_TAG made in $(($(date +%s) - started)) s"
}

make_from() { # tag, Dockerfile
  local started
  started=$(date +%s)
  nice -n 10 "$DOCKER" build -q --network=host -t "$1" -f "standin/$2" standin >/dev/null
  echo "== $1 made in $(($(date +%s) - started)) s"
}

ensure() { # tag, maker…
  local tag=$1; shift
  if have "$tag"; then echo "== $tag: on this engine"; return 0; fi
  if pulled "$tag"; then echo "== $tag: pulled"; return 0; fi
  echo "== $tag: cannot be pulled, making a stand-in"
  "$@"
}

wanted=("$@")
[ ${#wanted[@]} -gt 0 ] || wanted=(node postgres redis)
for w in "${wanted[@]}"; do
  case "$w" in
    node) ensure "$DEBIAN_TAG" make_debian && ensure "$NODE_TAG" make_node ;;
    postgres) ensure "$DEBIAN_TAG" make_debian && ensure "$PG_TAG" make_from "$PG_TAG" postgres.Dockerfile ;;
    redis) ensure "$DEBIAN_TAG" make_debian && ensure "$REDIS_TAG" make_from "$REDIS_TAG" redis.Dockerfile ;;
    *) echo "usage: $0 [node] [postgres] [redis]" >&2; exit 64 ;;
  esac
done
