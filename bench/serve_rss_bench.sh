#!/usr/bin/env bash
# Memory of `corridor serve` holding the full corpus: starts the server on the imported
# benchmark database, builds the discovery index, runs discovery queries over HTTP, and
# reads the peak resident set size (VmHWM) from /proc. Target: under 500 MB.
set -euo pipefail
BUILD=${1:-build}
OUT=${OUT:-bench/out}
[ -f "$OUT/import.db" ] || bash bench/import_bench.sh "$BUILD"
DATA=$(mktemp -d)
cp "$OUT/import.db" "$DATA/corridor.db"
PORT=18990
echo "rss-benchmark-pw" | "$BUILD/corridor" user add bench@localhost --admin --password-stdin --db "sqlite:$DATA/corridor.db" >/dev/null
"$BUILD/corridor" serve --data "$DATA" --listen 127.0.0.1:$PORT --no-demo > "$DATA/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for i in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/login" && break; sleep 0.2; done
JAR="$DATA/jar"
CSRF=$(curl -s -c "$JAR" -b "$JAR" "http://127.0.0.1:$PORT/login" | grep -o 'name="_csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//; s/"//')
curl -s -c "$JAR" -b "$JAR" -o /dev/null --data-urlencode "email=bench@localhost" --data-urlencode "password=rss-benchmark-pw" --data-urlencode "_csrf=$CSRF" "http://127.0.0.1:$PORT/login"
"$BUILD/corridor" workspace create rss --acronym RSS --name "Magnet recycling from end-of-life motors" --db "sqlite:$DATA/corridor.db" >/dev/null 2>&1 || true
# The discovery page ranks the corpus against the workspace's focal text (building the
# index on first use if the background build has not finished).
for i in $(seq 1 20); do
  code=$(curl -s -b "$JAR" -o "$DATA/discover.html" -w '%{http_code}' "http://127.0.0.1:$PORT/w/rss/discover")
  [ "$code" = 200 ] || { echo "discovery page answered $code" >&2; exit 1; }
done
rss=$(awk '/VmRSS/ {print $2}' /proc/$PID/status)
hwm=$(awk '/VmHWM/ {print $2}' /proc/$PID/status)
docs=$(sqlite3 "$DATA/corridor.db" "SELECT COUNT(*) FROM corpus_projects")
echo "serve RSS with a $docs-project corpus: current $((rss / 1024)) MB, peak $((hwm / 1024)) MB"
