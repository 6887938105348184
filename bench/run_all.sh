#!/usr/bin/env bash
# Runs every benchmark and prints its figures. Usage: bash bench/run_all.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
export OUT=${OUT:-bench/out}
bash bench/import_bench.sh "$BUILD"
"$BUILD/discovery_bench" "$OUT/import.db"
"$BUILD/registry_list_bench"
bash bench/serve_rss_bench.sh "$BUILD"
bash bench/engine_bench.sh "$BUILD"
"$BUILD/composite_bench"
"$BUILD/indicator_bench"         # Eurostat import + one NUTS 2 composite with 10,000 Monte Carlo runs
"$BUILD/registration_bench"      # public form POSTs/s on loopback, durable commits (target >= 500/s)
"$BUILD/stakeholder_list_bench"  # stakeholder list with filters at 100k records (target p99 < 150 ms)
"$BUILD/event_page_bench"        # event page with 500 participants and 200 actions (target p99 < 100 ms)
"$BUILD/scoreboard_bench"        # a round of 300 regions x 30 dimensions: entry, carry forward, compare, outputs
