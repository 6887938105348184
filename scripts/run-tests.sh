#!/usr/bin/env bash
# Runs every test suite: GoogleTest (via ctest), libFuzzer smoke runs, browser tests.
# Prints one closing line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
passed=0; failed=0; skipped=0

echo "== unit, storage, http and cli tests (ctest)"
ctest --test-dir "$BUILD" --output-on-failure -j 2 2>&1 | tee /tmp/corridor-ctest.log
rc=${PIPESTATUS[0]}
total=$(grep -Eo 'out of [0-9]+' /tmp/corridor-ctest.log | tail -1 | grep -Eo '[0-9]+' || echo 0)
fails=$(grep -Eo 'tests passed, [0-9]+ tests failed' /tmp/corridor-ctest.log | tail -1 | grep -Eo '[0-9]+ tests failed' | grep -Eo '[0-9]+' || echo 0)
# ctest counts a skipped test (e.g. PostgreSQL-only ones without a cluster) as passed: say so.
skips=$(grep -c '\*\*\*Skipped' /tmp/corridor-ctest.log || true)
passed=$((passed + total - fails - skips)); failed=$((failed + fails)); skipped=$((skipped + skips))
[ "$rc" -ne 0 ] && [ "$fails" -eq 0 ] && failed=$((failed+1))

# The storage suites again on PostgreSQL 15 (only their PostgreSQL instances: the SQLite ones
# ran above), in a throwaway cluster that is removed however this script ends.
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ -x "$PG_BIN/initdb" ] && [ -x "$BUILD/storage_test" ]; then
  echo "== storage tests on PostgreSQL (throwaway cluster)"
  pgdir=$(mktemp -d /tmp/corridor-pg.XXXXXX)
  trap 'bash scripts/pg-test-cluster.sh stop "$pgdir"' EXIT
  trap 'exit 130' INT TERM
  if pgurl=$(PG_BIN="$PG_BIN" bash scripts/pg-test-cluster.sh start "$pgdir"); then
    CORRIDOR_TEST_PG_URL="$pgurl" "$BUILD/storage_test" --gtest_filter='*/postgres:PostgresDatabaseTest.*' 2>&1 |
      tee /tmp/corridor-pg.log
    prc=${PIPESTATUS[0]}
    pp=$(grep -Eo '^\[  PASSED  \] [0-9]+' /tmp/corridor-pg.log | grep -Eo '[0-9]+$' || echo 0)
    pf=$(grep -Eo '^\[  FAILED  \] [0-9]+ tests?, listed below' /tmp/corridor-pg.log | grep -Eo '[0-9]+' || echo 0)
    passed=$((passed + pp)); failed=$((failed + pf))
    [ "$prc" -ne 0 ] && [ "$pf" -eq 0 ] && failed=$((failed+1))
  else
    echo "corridor: the PostgreSQL test cluster did not start"; failed=$((failed+1))
  fi
  bash scripts/pg-test-cluster.sh stop "$pgdir"
  trap - EXIT INT TERM
fi

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

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
