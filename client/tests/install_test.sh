#!/usr/bin/env bash
# Installs the build into a temporary prefix, then builds a consumer with
# find_package(nango) and another with pkg-config, and runs both.
# Usage: install_test.sh BUILD_DIR SANITIZERS VERSION  (as the build used them;
# SANITIZERS may be empty)
set -eu
flags=${2:+-fsanitize=$2}
version=${3:?usage: install_test.sh BUILD_DIR SANITIZERS VERSION}
want="^${version//./\\.} success\$"
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$1" --prefix "$tmp/prefix" >/dev/null
cmake -S "$here/consumer" -B "$tmp/cmake" -DCMAKE_PREFIX_PATH="$tmp/prefix" \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
cmake --build "$tmp/cmake" >/dev/null
LD_LIBRARY_PATH="$tmp/prefix/lib:$tmp/prefix/lib/$(ls "$tmp/prefix/lib" | head -1)" \
  "$tmp/cmake/consumer" | grep -q "$want"
echo "ok - find_package(nango)"
libdir=$(dirname "$(find "$tmp/prefix" -name nango.pc)")
export PKG_CONFIG_PATH=$libdir
cc $flags "$here/consumer.c" -o "$tmp/pc" $(pkg-config --cflags --libs nango)
LD_LIBRARY_PATH="$(dirname "$libdir")" "$tmp/pc" | grep -q "$want"
echo "ok - pkg-config nango"
cc $flags "$here/consumer.c" -o "$tmp/pcs" $(pkg-config --cflags nango) \
  "$(dirname "$libdir")/libnango.a" $(pkg-config --libs libcurl) -lm
"$tmp/pcs" | grep -q "$want"
echo "ok - static libnango.a"
