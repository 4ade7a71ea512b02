#!/usr/bin/env bash
# The mock's image end to end: builds docker/mock/Dockerfile, runs it with
# a published port, waits for Docker's health check to say healthy, and runs
# the conformance suite against the container.
# Usage: test.sh SOURCE_DIR NANGO_CONFORMANCE
# Needs a reachable Docker daemon (else exit 77, skipped, with the reason).
# The base image is $NANGO_MOCK_BASE (default debian:bookworm-slim); when it
# is neither present nor pullable and debootstrap is installed (as root), a
# local bookworm base is made once as local/bookworm:base.
set -u
src=$1 suite=$2
base=${NANGO_MOCK_BASE:-debian:bookworm-slim}
tag=nango-mock:ctest-$$ name=nango-mock-ctest-$$
skip() { echo "docker: skipped: $*" >&2; exit 77; }
docker info >/dev/null 2>&1 ||
  skip "no Docker daemon reachable (docker info failed; set DOCKER_HOST or start dockerd)"
tmp=$(mktemp -d)
trap 'docker rm -f "$name" >/dev/null 2>&1; docker rmi -f "$tag" >/dev/null 2>&1; rm -rf "$tmp"' EXIT

local_base() { # a bookworm image from Debian's mirror, without a registry
  local mirror rootfs=$tmp/rootfs
  [ "$(id -u)" = 0 ] && command -v debootstrap >/dev/null ||
    skip "base image $base cannot be pulled and debootstrap (as root) is missing"
  mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null)
  debootstrap --variant=minbase bookworm "$rootfs" "${mirror:-http://deb.debian.org/debian}" \
    >"$tmp/debootstrap.log" 2>&1 || { tail -5 "$tmp/debootstrap.log"; exit 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import - local/bookworm:base >/dev/null || exit 1
}
if ! docker image inspect "$base" >/dev/null 2>&1 && ! docker pull -q "$base" >/dev/null 2>&1; then
  echo "docker: $base cannot be pulled; using local/bookworm:base"
  base=local/bookworm:base
  docker image inspect "$base" >/dev/null 2>&1 || local_base
fi
echo "docker: building from $base"
docker build -q --build-arg BASE="$base" -f "$src/docker/mock/Dockerfile" -t "$tag" "$src" \
  >"$tmp/build.log" 2>&1 || { tail -30 "$tmp/build.log"; exit 1; }
port=
for _ in $(seq 1 50); do # a port nothing answers on
  p=$((20000 + RANDOM % 40000))
  (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { port=$p; break; }
done
[ -n "$port" ] || { echo "not ok - no free port found"; exit 1; }
key=$(cat /proc/sys/kernel/random/uuid) # 0.0.0.0 needs a key of our own
docker run -d --name "$name" -p "127.0.0.1:$port:3003" \
  -e NANGO_SECRET_KEY_DEV="$key" "$tag" \
  --public-url "http://127.0.0.1:$port" >/dev/null || exit 1
status=
for _ in $(seq 1 60); do
  status=$(docker inspect -f '{{.State.Health.Status}}' "$name" 2>/dev/null)
  [ "$status" = healthy ] && break
  sleep 1
done
if [ "$status" != healthy ]; then
  echo "not ok - container is not healthy (status: $status)"; docker logs "$name"; exit 1
fi
echo "ok - container is healthy"
logs=$(docker logs "$name" 2>&1)
[ "$(echo "$logs" | awk '/^listening:/{print $2}')" = "http://127.0.0.1:$port" ] ||
  { echo "not ok - container announces its URL: $logs"; exit 1; }
echo "ok - container announces http://127.0.0.1:$port"
export NANGO_TEST_BASE_URL=http://127.0.0.1:$port NANGO_TEST_TARGET_IS_MOCK=1
echo "$logs" | grep -q "^secret-key dev: ${key:0:8}-\.\.\. (given)$" ||
  { echo "not ok - container announces its key masked: $logs"; exit 1; }
echo "ok - container announces its key masked"
export NANGO_TEST_SECRET_KEY=$key
"$suite"
