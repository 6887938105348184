#!/usr/bin/env bash
# Runs every test suite: GoogleTest (via ctest), libFuzzer smoke runs, browser tests.
# Prints one closing line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
passed=0; failed=0

echo "== unit, storage, http and cli tests (ctest)"
ctest --test-dir "$BUILD" --output-on-failure -j 2 2>&1 | tee /tmp/corridor-ctest.log
rc=${PIPESTATUS[0]}
total=$(grep -Eo 'out of [0-9]+' /tmp/corridor-ctest.log | tail -1 | grep -Eo '[0-9]+' || echo 0)
fails=$(grep -Eo 'tests passed, [0-9]+ tests failed' /tmp/corridor-ctest.log | tail -1 | grep -Eo '[0-9]+ tests failed' | grep -Eo '[0-9]+' || echo 0)
passed=$((passed + total - fails)); failed=$((failed + fails))
[ "$rc" -ne 0 ] && [ "$fails" -eq 0 ] && failed=$((failed+1))

if [ -f tests/fuzz/run_fuzzers.sh ]; then
  echo "== fuzz smoke runs"
  if bash tests/fuzz/run_fuzzers.sh; then passed=$((passed+1)); else failed=$((failed+1)); fi
fi

if [ -d tests/e2e ] && ls tests/e2e/*.test.mjs >/dev/null 2>&1; then
  echo "== browser tests (Playwright + headless Chromium)"
  CORRIDOR_BIN="$BUILD/corridor" node --test --test-concurrency=1 tests/e2e/ 2>&1 | tee /tmp/corridor-e2e.log
  erc=${PIPESTATUS[0]}
  ep=$(grep -Eo '^# pass [0-9]+' /tmp/corridor-e2e.log | grep -Eo '[0-9]+' || echo 0)
  ef=$(grep -Eo '^# fail [0-9]+' /tmp/corridor-e2e.log | grep -Eo '[0-9]+' || echo 0)
  passed=$((passed+ep)); failed=$((failed+ef))
  [ "$erc" -ne 0 ] && [ "$ef" -eq 0 ] && failed=$((failed+1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
