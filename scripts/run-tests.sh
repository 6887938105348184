#!/usr/bin/env bash
# Runs every test suite on both storage engines: the GoogleTest suites (via ctest) and the
# browser tests once on SQLite and once on PostgreSQL 15 (a throwaway cluster on loopback,
# scripts/pg-test-cluster.sh, removed however this script ends), plus the libFuzzer smoke runs
# (no database: once). The engine of a pass is CORRIDOR_TEST_ENGINE (see tests/test_support.h).
# Prints one line per engine, then the closing line "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
passed=0; failed=0; skipped=0
declare -A eng_passed=([sqlite]=0 [postgres]=0) eng_failed=([sqlite]=0 [postgres]=0) eng_skipped=([sqlite]=0 [postgres]=0)
logs=$(mktemp -d /tmp/corridor-tests.XXXXXX)
pgdir=""
cleanup() {
  [ -n "$pgdir" ] && bash scripts/pg-test-cluster.sh stop "$pgdir"
  rm -rf "$logs"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

count() {  # count ENGINE PASSED FAILED SKIPPED
  eng_passed[$1]=$((eng_passed[$1] + $2)); eng_failed[$1]=$((eng_failed[$1] + $3)); eng_skipped[$1]=$((eng_skipped[$1] + $4))
}

# ctest on the engine in $1 (the environment says which: CORRIDOR_TEST_ENGINE, CORRIDOR_TEST_PG_URL).
run_ctest() {
  local engine=$1 log="$logs/ctest-$1.log"
  # A hung test fails after 5 minutes (ctest's own default is 25) and the run goes on.
  ctest --test-dir "$BUILD" --output-on-failure -j 2 --timeout "${CORRIDOR_TEST_TIMEOUT:-300}" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]} total fails skips
  total=$(grep -Eo 'out of [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
  fails=$(grep -Eo 'tests passed, [0-9]+ tests failed' "$log" | tail -1 | grep -Eo '[0-9]+ tests failed' | grep -Eo '[0-9]+' || echo 0)
  # ctest counts a skipped test (a test of the other engine) as passed: count it apart.
  skips=$(grep -c '\*\*\*Skipped' "$log" || true)
  if [ "$total" -eq 0 ]; then echo "corridor: ctest ran no test on $engine"; fails=1; fi
  [ "$rc" -ne 0 ] && [ "$fails" -eq 0 ] && fails=1
  count "$engine" $((total - fails - skips)) "$fails" "$skips"
}

# The browser tests on the engine in $1 (CORRIDOR_TEST_DB set: PostgreSQL).
run_e2e() {
  local engine=$1 log="$logs/e2e-$1.log"
  CORRIDOR_BIN="$BUILD/corridor" node --test --test-concurrency=1 tests/e2e/ 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]} ep ef es
  ep=$(grep -Eo '^# pass [0-9]+' "$log" | grep -Eo '[0-9]+' || echo 0)
  ef=$(grep -Eo '^# fail [0-9]+' "$log" | grep -Eo '[0-9]+' || echo 0)
  es=$(grep -Eo '^# skipped [0-9]+' "$log" | grep -Eo '[0-9]+' || echo 0)
  [ "$rc" -ne 0 ] && [ "$ef" -eq 0 ] && ef=1
  count "$engine" "$ep" "$ef" "$es"
}

have_e2e=""
[ -d tests/e2e ] && ls tests/e2e/*.test.mjs >/dev/null 2>&1 && have_e2e=1

# ---- SQLite ----
echo "== [sqlite] unit, storage, importers, analytics, reports, http and cli tests (ctest)"
CORRIDOR_TEST_ENGINE=sqlite CORRIDOR_TEST_PG_URL='' run_ctest sqlite
if [ -n "$have_e2e" ]; then
  echo "== [sqlite] browser tests (Playwright + headless Chromium)"
  CORRIDOR_TEST_DB='' run_e2e sqlite
fi

# ---- PostgreSQL 15, in a throwaway cluster ----
if [ ! -x "$PG_BIN/initdb" ]; then
  echo "corridor: no PostgreSQL binaries in $PG_BIN, so the PostgreSQL pass cannot run:" \
       "install them with scripts/install-deps.sh --test (Debian package postgresql), or set PG_BIN"
  count postgres 0 1 0
else
  pgdir=$(mktemp -d /tmp/corridor-pg.XXXXXX)
  if pgurl=$(PG_BIN="$PG_BIN" bash scripts/pg-test-cluster.sh start "$pgdir"); then
    echo "== [postgres] the same ctest suites on PostgreSQL ($pgurl)"
    CORRIDOR_TEST_ENGINE=postgres CORRIDOR_TEST_PG_URL="$pgurl" run_ctest postgres
    if [ -n "$have_e2e" ]; then
      echo "== [postgres] browser tests (Playwright + headless Chromium)"
      CORRIDOR_TEST_DB="$pgurl" run_e2e postgres
    fi
  else
    echo "corridor: the PostgreSQL test cluster did not start, so the PostgreSQL pass did not run"
    count postgres 0 1 0
  fi
  bash scripts/pg-test-cluster.sh stop "$pgdir"
  pgdir=""
fi

# ---- no database ----
fuzz_passed=0; fuzz_failed=0
if [ -f tests/fuzz/run_fuzzers.sh ]; then
  echo "== fuzz smoke runs (no database)"
  if bash tests/fuzz/run_fuzzers.sh; then fuzz_passed=1; else fuzz_failed=1; fi
fi

for e in sqlite postgres; do
  echo "$e: ${eng_passed[$e]} passed, ${eng_failed[$e]} failed, ${eng_skipped[$e]} skipped"
  passed=$((passed + eng_passed[$e])); failed=$((failed + eng_failed[$e])); skipped=$((skipped + eng_skipped[$e]))
done
[ -f tests/fuzz/run_fuzzers.sh ] && echo "fuzz: $fuzz_passed passed, $fuzz_failed failed"
passed=$((passed + fuzz_passed)); failed=$((failed + fuzz_failed))
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
