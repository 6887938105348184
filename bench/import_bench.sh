#!/usr/bin/env bash
# Import benchmark: a full-size CORDIS-shaped corpus (60k projects, 400k participations),
# imported by `corridor import cordis`, side by side with a raw `sqlite3 .import` of the
# same rows into plain tables. Prints both times and their ratio (target: corridor < 30 s
# and within 1.5x of the raw import).
set -euo pipefail
BUILD=${1:-build}
OUT=${OUT:-bench/out}
mkdir -p "$OUT"
if [ ! -f "$OUT/corpus/organization.csv" ]; then
  "$BUILD/gen_corpus_bench" "$OUT/corpus"
fi
rm -f "$OUT/import.db" "$OUT/import.db-wal" "$OUT/import.db-shm" "$OUT/raw.db"
"$BUILD/corridor" migrate --db "sqlite:$OUT/import.db" >/dev/null
start=$(date +%s.%N)
"$BUILD/corridor" import cordis "$OUT/corpus" --db "sqlite:$OUT/import.db" --quiet
end=$(date +%s.%N)
corridor_s=$(echo "$end - $start" | bc)

# The raw baseline: same two files, all text columns, one transaction, no validation.
pcols=$(head -1 "$OUT/corpus/project.csv" | tr -d '"' | sed 's/;/" TEXT, "/g; s/^/"/; s/$/" TEXT/')
ocols=$(head -1 "$OUT/corpus/organization.csv" | tr -d '"' | sed 's/;/" TEXT, "/g; s/^/"/; s/$/" TEXT/')
start=$(date +%s.%N)
sqlite3 "$OUT/raw.db" <<SQL
PRAGMA journal_mode=WAL;
CREATE TABLE project ($pcols);
CREATE TABLE organization ($ocols);
BEGIN;
.mode csv
.separator ";"
.import --skip 1 $OUT/corpus/project.csv project
.import --skip 1 $OUT/corpus/organization.csv organization
COMMIT;
SQL
end=$(date +%s.%N)
raw_s=$(echo "$end - $start" | bc)
echo "import: corridor import cordis ${corridor_s} s; raw sqlite3 .import ${raw_s} s; ratio $(echo "scale=2; $corridor_s / $raw_s" | bc)"
sqlite3 "$OUT/import.db" "SELECT 'corpus: ' || (SELECT COUNT(*) FROM corpus_projects) || ' projects, ' || (SELECT COUNT(*) FROM corpus_organizations) || ' participations'"
