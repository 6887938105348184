#!/usr/bin/env bash
# SQLite and PostgreSQL side by side, on the same data and the same binaries:
#   1. `corridor import cordis` of the full benchmark corpus (60k projects, 400k participations)
#      into each engine, timed; then a checksum of every corpus table on both (they must match);
#   2. discovery latency on each (discovery_bench) and the top-20 overlap between the engines for
#      the same 200 focal texts (the index is built from rows read from each database);
#   3. the registry list page with 10k records (registry_list_bench, in-process server);
#   4. requests per second through real `corridor serve` processes (http_load_bench), with one
#      and with two instances on the same database (PostgreSQL; SQLite's WAL allows two
#      processes on one file too).
# Prints each tool's own lines, then a table: the figure per engine and PostgreSQL/SQLite.
# PostgreSQL is a throwaway cluster (scripts/pg-test-cluster.sh) tuned for tests: fsync,
# synchronous_commit and full_page_writes are off, so its write figures are upper bounds;
# PG_DURABLE=1 starts it with them on (pg-test-cluster.sh --durable), as SQLite always runs.
# Usage: bash bench/engine_bench.sh [BUILD_DIR]
#   env: OUT (default bench/out: the corpus is generated there unless present),
#        CONNECTIONS (8), SECONDS_PER_RUN (10), PG_DURABLE=1, KEEP_WORK=1 keeps the temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
OUT=${OUT:-bench/out}
CONNECTIONS=${CONNECTIONS:-8}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
for b in corridor gen_corpus_bench discovery_bench registry_list_bench http_load_bench; do
  [ -x "$BUILD/$b" ] || { echo "engine_bench: $BUILD/$b is missing (build it first)" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/corridor-engine-bench.XXXXXX)
chmod 755 "$WORK"  # the cluster's folder inside it belongs to the postgres user
PGDIR="$WORK/pg"
SERVE_PIDS=()
cleanup() {
  local pid
  for pid in "${SERVE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${SERVE_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  bash scripts/pg-test-cluster.sh stop "$PGDIR" || true
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "engine_bench: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }
ratio() { if [ -n "$1" ] && [ -n "$2" ] && [ "$(echo "$1 > 0" | bc)" = 1 ]; then echo "scale=2; $2 / $1" | bc | sed 's/^\./0./'; else echo "-"; fi; }
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" | head -1; }  # value of NAME=number on stdin

if [ "${PG_DURABLE:-0}" = 1 ]; then
  PG=$(bash scripts/pg-test-cluster.sh start "$PGDIR" --durable)
  PG_MODE="fsync=on, synchronous_commit=on, full_page_writes=on (durable, like SQLite's synchronous=FULL)"
else
  PG=$(bash scripts/pg-test-cluster.sh start "$PGDIR")
  PG_MODE="fsync=off, synchronous_commit=off, full_page_writes=off (a test cluster: write figures are upper bounds; SQLite keeps synchronous=FULL; PG_DURABLE=1 turns them on)"
fi
echo "engine_bench: PostgreSQL $("${PG_BIN:-/usr/lib/postgresql/15/bin}/postgres" --version | awk '{print $3}') at $PG"
echo "engine_bench: the PostgreSQL cluster runs with $PG_MODE"
psql "$PG" -qAt -c "SELECT 'engine_bench: server settings: fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit') || ', full_page_writes=' || current_setting('full_page_writes')"
echo "engine_bench: load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"

# ---- 1. import ----
mkdir -p "$OUT"
if [ ! -f "$OUT/corpus/organization.csv" ] || [ ! -f "$OUT/corpus/project.csv" ]; then
  "$BUILD/gen_corpus_bench" "$OUT/corpus"
fi
SQLITE_CORPUS="sqlite:$WORK/corpus.db"
PG_CORPUS="$PG?schema=corpus"
declare -A IMPORT_S
for engine in sqlite postgresql; do
  db=$([ $engine = sqlite ] && echo "$SQLITE_CORPUS" || echo "$PG_CORPUS")
  "$BUILD/corridor" migrate --db "$db" >/dev/null
  start=$(now)
  "$BUILD/corridor" import cordis "$OUT/corpus" --db "$db" --quiet >"$WORK/import-$engine.log"
  IMPORT_S[$engine]=$(printf '%.2f' "$(elapsed "$start" "$(now)")")
  echo "import ($engine): corridor import cordis ${IMPORT_S[$engine]} s ($(grep -o 'Rows read: [0-9]*' "$WORK/import-$engine.log"))"
done

# Every corpus table in key order, fields and rows separated by control characters, hashed.
TABLES="corpus_projects:grant_id corpus_organizations:grant_id,org_id,role corpus_topics:grant_id,code
  corpus_legal_basis:grant_id,code corpus_euroscivoc:grant_id,code corpus_weblinks:grant_id,url"
checksums_equal=yes
for t in $TABLES; do
  table=${t%%:*}
  keys=${t#*:}
  # Same column list on both engines (imported_at differs by design: the time of each import).
  cols=$(sqlite3 "$WORK/corpus.db" "SELECT group_concat(name, ', ') FROM pragma_table_info('$table') WHERE name <> 'imported_at'")
  s=$(sqlite3 -separator $'\x1f' -newline $'\x1e' "$WORK/corpus.db" "SELECT $cols FROM $table ORDER BY $keys" | sha256sum | cut -c1-16)
  psql "$PG" -qAt -F $'\x1f' -R $'\x1e' -c "SET search_path TO corpus" -c "SELECT $cols FROM $table ORDER BY $keys" >"$WORK/rows"
  # psql separates records and ends with a newline; sqlite3 ends every record with the separator.
  if [ -s "$WORK/rows" ]; then truncate -s -1 "$WORK/rows" && printf '\x1e' >>"$WORK/rows"; fi
  p=$(sha256sum <"$WORK/rows" | cut -c1-16)
  n=$(sqlite3 "$WORK/corpus.db" "SELECT COUNT(*) FROM $table")
  echo "checksum $table ($n rows): sqlite $s, postgresql $p$([ "$s" = "$p" ] && echo " (equal)" || echo " (DIFFERENT)")"
  [ "$s" = "$p" ] || checksums_equal=no
done

# ---- 2. discovery ----
declare -A DISC_P50 DISC_P99 DISC_BUILD
for engine in sqlite postgresql; do
  db=$([ $engine = sqlite ] && echo "$SQLITE_CORPUS" || echo "$PG_CORPUS")
  "$BUILD/discovery_bench" --db "$db" --top-out "$WORK/top-$engine.tsv" | tee "$WORK/discovery-$engine.log"
  DISC_BUILD[$engine]=$(sed -n 's/.* built in \([0-9.]*\) s.*/\1/p' "$WORK/discovery-$engine.log")
  DISC_P50[$engine]=$(grep 'with expansion' "$WORK/discovery-$engine.log" | field p50)
  DISC_P99[$engine]=$(grep 'with expansion' "$WORK/discovery-$engine.log" | field p99)
done
"$BUILD/discovery_bench" --overlap "$WORK/top-sqlite.tsv" "$WORK/top-postgresql.tsv" | tee "$WORK/overlap.log"

# ---- 3. registry list (in-process server), which also seeds the databases for step 4 ----
declare -A LIST_P50 LIST_P99
SQLITE_REG="sqlite:$WORK/registry.db"
PG_REG="$PG?schema=registry_bench"
for engine in sqlite postgresql; do
  db=$([ $engine = sqlite ] && echo "$SQLITE_REG" || echo "$PG_REG")
  "$BUILD/registry_list_bench" --db "$db" --users "$CONNECTIONS" | sed "s/^registry list/registry list ($engine)/" |
    tee "$WORK/list-$engine.log"
  LIST_P50[$engine]=$(grep overall "$WORK/list-$engine.log" | field p50)
  LIST_P99[$engine]=$(grep overall "$WORK/list-$engine.log" | field p99)
done

# ---- 4. requests per second through `corridor serve` ----
start_serve() {  # DB NAME -> SERVE_PORT; the process is remembered for cleanup
  local db=$1 name=$2 port=""
  mkdir -p "$WORK/$name"
  "$BUILD/corridor" serve --db "$db" --data "$WORK/$name" --listen 127.0.0.1:0 --no-demo >"$WORK/$name/serve.log" 2>&1 &
  SERVE_PIDS+=($!)
  for _ in $(seq 1 100); do
    port=$(sed -n 's|.*running at http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$WORK/$name/serve.log")
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { echo "engine_bench: corridor serve ($name) did not start:" >&2; cat "$WORK/$name/serve.log" >&2; exit 1; }
  SERVE_PORT=$port
}
stop_serves() {
  local pid
  for pid in "${SERVE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${SERVE_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  SERVE_PIDS=()
}
declare -A RPS1 RPS2 HTTP_ERRORS
for engine in sqlite postgresql; do
  db=$([ $engine = sqlite ] && echo "$SQLITE_REG" || echo "$PG_REG")
  start_serve "$db" "serve-$engine-1"
  p1=$SERVE_PORT
  start_serve "$db" "serve-$engine-2"
  p2=$SERVE_PORT
  for n in 1 2; do
    ports=$([ $n = 1 ] && echo "$p1" || echo "$p1,$p2")
    rc=0
    "$BUILD/http_load_bench" --ports "$ports" --connections "$CONNECTIONS" --seconds "$SECONDS_PER_RUN" \
      >"$WORK/http-$engine-$n.log" 2>&1 || rc=$?
    sed "s/^http load:/http load ($engine):/" "$WORK/http-$engine-$n.log"
    [ $rc = 0 ] || echo "engine_bench: http_load_bench ($engine, $n instance(s)) exited with $rc" >&2
    if [ $n = 1 ]; then RPS1[$engine]=$(field 'req\/s' <"$WORK/http-$engine-$n.log"); else RPS2[$engine]=$(field 'req\/s' <"$WORK/http-$engine-$n.log"); fi
    errors=$(field errors <"$WORK/http-$engine-$n.log")
    HTTP_ERRORS[$engine]=$(( ${HTTP_ERRORS[$engine]:-0} + ${errors:-0} ))
  done
  stop_serves
done

# ---- the table ----
echo
echo "engine benchmark: PostgreSQL/SQLite ratios (times: > 1 means PostgreSQL is slower; req/s: > 1 means faster)"
echo "PostgreSQL: throwaway cluster, $PG_MODE"
echo "load average now $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
row() { printf '%-44s %12s %12s %10s\n' "$1" "$2" "$3" "$(ratio "$2" "$3")"; }
printf '%-44s %12s %12s %10s\n' "figure" "SQLite" "PostgreSQL" "PG/SQLite"
row "import cordis, 60k projects + 400k rows (s)" "${IMPORT_S[sqlite]}" "${IMPORT_S[postgresql]}"
row "discovery index build (s)" "${DISC_BUILD[sqlite]}" "${DISC_BUILD[postgresql]}"
row "discovery p50, with expansion (ms)" "${DISC_P50[sqlite]}" "${DISC_P50[postgresql]}"
row "discovery p99, with expansion (ms)" "${DISC_P99[sqlite]}" "${DISC_P99[postgresql]}"
row "registry list 10k records, p50 (ms)" "${LIST_P50[sqlite]}" "${LIST_P50[postgresql]}"
row "registry list 10k records, p99 (ms)" "${LIST_P99[sqlite]}" "${LIST_P99[postgresql]}"
row "serve, 1 instance (req/s, $CONNECTIONS connections)" "${RPS1[sqlite]}" "${RPS1[postgresql]}"
row "serve, 2 instances (req/s, $CONNECTIONS connections)" "${RPS2[sqlite]}" "${RPS2[postgresql]}"
echo "corpus tables identical on both engines: $checksums_equal"
sed 's/^/discovery /' "$WORK/overlap.log"
echo "http errors: sqlite ${HTTP_ERRORS[sqlite]}, postgresql ${HTTP_ERRORS[postgresql]}"
