#!/usr/bin/env bash
# The concurrency soak (ctest label soak) under ThreadSanitizer, in
# build-tsan/: K client threads against an in-process mock, state checked
# against their logs; any data race fails the run.
#   scripts/tsan-soak.sh            (NANGO_SOAK_SECONDS=15, NANGO_SOAK_THREADS=8)
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Debug -DNANGO_WERROR=ON \
  -DNANGO_SANITIZE=thread >/dev/null
cmake --build build-tsan -j"$(nproc)" --target test_soak nango-mock
cd build-tsan
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
ctest --output-on-failure -L soak
# the test double (control API, journal, faults, clock, state file) under
# concurrent use, in a real server
cd ..
mock-server/tests/double_race_test.sh build-tsan/mock-server/nango-mock \
  fixtures/seed.json fixtures/providers.json
