#!/usr/bin/env bash
# Installs the build into a temporary prefix, then builds a consumer with
# find_package(nango) (shared and static) and another with pkg-config, and
# runs them; then runs the installed nango-mock and nangoctl as they are
# (no LD_LIBRARY_PATH, no --providers), from another working directory.
# Usage: install_test.sh BUILD_DIR SANITIZERS VERSION  (as the build used
# them; SANITIZERS may be empty)
set -eu
flags=${2:+-fsanitize=$2}
version=${3:?usage: install_test.sh BUILD_DIR SANITIZERS VERSION}
want="^${version//./\\.} success\$"
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
cmake --install "$1" --prefix "$tmp/prefix" >/dev/null
cmake -S "$here/consumer" -B "$tmp/cmake" -DCMAKE_PREFIX_PATH="$tmp/prefix" \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
cmake --build "$tmp/cmake" >/dev/null
LD_LIBRARY_PATH="$tmp/prefix/lib:$tmp/prefix/lib/$(ls "$tmp/prefix/lib" | head -1)" \
  "$tmp/cmake/consumer" | grep -q "$want"
echo "ok - find_package(nango)"
"$tmp/cmake/consumer_static" | grep -q "$want"
echo "ok - find_package(nango) with nango::nango_static (find_dependency(CURL))"
libdir=$(dirname "$(find "$tmp/prefix" -name nango.pc)")
export PKG_CONFIG_PATH=$libdir
cc $flags "$here/consumer.c" -o "$tmp/pc" $(pkg-config --cflags --libs nango)
LD_LIBRARY_PATH="$(dirname "$libdir")" "$tmp/pc" | grep -q "$want"
echo "ok - pkg-config nango"
cc $flags "$here/consumer.c" -o "$tmp/pcs" $(pkg-config --cflags nango) \
  "$(dirname "$libdir")/libnango.a" $(pkg-config --libs libcurl) -lm
"$tmp/pcs" | grep -q "$want"
echo "ok - static libnango.a"

# The installed programs, moved away from the build tree and run from /.
mv "$tmp/prefix" "$tmp/moved"
p=$tmp/moved
readelf -d "$p/bin/nangoctl" | grep -q 'RUNPATH.*\[\$ORIGIN/\.\./lib'
echo "ok - nangoctl has RUNPATH \$ORIGIN/../lib"
test -f "$p/share/nango-mock/providers.json" && test -f "$p/share/nango-mock/seed.json"
echo "ok - providers.json and seed.json installed under share/nango-mock"
cd /
"$p/bin/nango-mock" --port 0 --fixtures "$p/share/nango-mock/seed.json" >"$tmp/mock.log" 2>&1 &
pid=$!
port=
for _ in $(seq 1 100); do
  port=$(awk '/^port:/{print $2}' "$tmp/mock.log")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "not ok - installed nango-mock did not start:"; cat "$tmp/mock.log"; exit 1; }
echo "ok - installed nango-mock starts with its own catalogue"
export NANGO_HOST=http://127.0.0.1:$port
export NANGO_SECRET_KEY=$(awk '/^secret-key dev:/{print $3}' "$tmp/mock.log")
env -u LD_LIBRARY_PATH "$p/bin/nangoctl" list --integration-id github | grep -q '"connection_id":"octocat"'
echo "ok - installed nangoctl lists the seed connection"
kill -TERM "$pid"
wait "$pid"
pid=
echo "ok - installed nango-mock stops on SIGTERM"
