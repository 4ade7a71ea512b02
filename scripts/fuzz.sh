#!/usr/bin/env bash
# Long fuzzing runs with clang's libFuzzer (ASan+UBSan), in build-fuzz/:
#   scripts/fuzz.sh [--time SECONDS | --runs N] [--jobs J] [FUZZER...]
# FUZZER is json, url, like or request (default: all, one after another).
# Defaults: --time 3600. The corpus grows in build-fuzz/fuzz/corpus/NAME;
# findings land in build-fuzz/fuzz/findings/ (the run stops, exit 1): add
# each to fuzz/regressions/NAME/ with a name that says what it breaks, fix,
# and replay with `ctest -R fuzz.replay`.
# Needs clang and libclang-rt-<version>-dev (apt-get install clang
# libclang-rt-14-dev on Debian bookworm; installed here when root).
set -euo pipefail
cd "$(dirname "$0")/.."
limit=(-max_total_time=3600) jobs=1 fuzzers=()
while [ $# -gt 0 ]; do
  case $1 in
    --time) limit=(-max_total_time="$2"); shift 2 ;;
    --runs) limit=(-runs="$2"); shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) fuzzers+=("$1"); shift ;;
  esac
done
[ ${#fuzzers[@]} -gt 0 ] || fuzzers=(json url like request)
if ! command -v clang >/dev/null && [ "$(id -u)" = 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    clang libclang-rt-14-dev >/dev/null
fi
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DNANGO_FUZZ=ON -DNANGO_SANITIZE=address,undefined >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target fuzz_seed \
  $(printf 'fuzz_%s ' "${fuzzers[@]}") >/dev/null
out=build-fuzz/fuzz
build-fuzz/fuzz/fuzz_seed fixtures/cases "$out/seeds" >/dev/null
mkdir -p "$out/findings"
for f in "${fuzzers[@]}"; do
  mkdir -p "$out/corpus/$f"
  echo "== fuzz_$f ${limit[*]}"
  par=()
  [ "$jobs" = 1 ] || par=(-jobs="$jobs" -workers="$jobs")
  "$out/fuzz_$f" "${limit[@]}" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
    "${par[@]}" -print_final_stats=1 \
    -artifact_prefix="$out/findings/$f-" \
    "$out/corpus/$f" "$out/seeds/$f" "fuzz/regressions/$f"
done
