#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests.
#   scripts/pg-test-cluster.sh start DIR [--durable]
#                                          initdb into DIR (created; must be new or empty), listen on
#                                          127.0.0.1 on a free port and on a socket in DIR, trust
#                                          auth, create database corridor_test; prints its URL:
#                                          postgresql://postgres@127.0.0.1:PORT/corridor_test
#   scripts/pg-test-cluster.sh crash DIR   pg_ctl -m immediate stop (no checkpoint, like a power cut
#                                          for the server processes); DIR is kept
#   scripts/pg-test-cluster.sh restart DIR start again on the same data and port (crash recovery
#                                          replays the WAL); prints the URL
#   scripts/pg-test-cluster.sh stop DIR    pg_ctl -m immediate stop, then remove DIR.
# Tuned for speed, not durability (fsync off), unless --durable: fsync, synchronous_commit and
# full_page_writes on, as a production server runs, for the durability tests. Run as root, the
# server runs as the `postgres` system user (Debian's postgresql package creates it). PG_BIN
# overrides the binaries' directory.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
MARK=.corridor-pg-test-cluster

usage() { echo "usage: $0 start DIR [--durable] | crash DIR | restart DIR | stop DIR" >&2; exit 2; }
[ $# -ge 2 ] || usage
cmd=$1
dir=$2
durable=""
if [ $# -eq 3 ] && [ "$cmd" = start ] && [ "$3" = --durable ]; then durable=1
elif [ $# -ne 2 ]; then usage; fi
case "$dir" in /*) ;; *) dir="$(pwd)/$dir" ;; esac

as_owner() {  # runs a server binary as the cluster's owner, from a directory it can read
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else (cd / && "$@"); fi
}

free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

# Starts the server on the data in DIR with the options saved there; the port is given.
run_server() {
  local port=$1
  as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' $(cat "$dir/options")" \
    start >/dev/null
}

url() { echo "postgresql://postgres@127.0.0.1:$(cat "$dir/port")/corridor_test"; }

check_ours() {
  if [ ! -e "$dir/$MARK" ]; then
    echo "pg-test-cluster: $dir was not made by this script; not touching it" >&2; exit 1
  fi
}

start() {
  [ -x "$PG_BIN/initdb" ] || { echo "pg-test-cluster: no PostgreSQL binaries in $PG_BIN" >&2; exit 1; }
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "pg-test-cluster: running as root needs the postgres system user" >&2; exit 1
  fi
  if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
    echo "pg-test-cluster: $dir exists and is not empty" >&2; exit 1
  fi
  mkdir -p "$dir"
  touch "$dir/$MARK"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  local sync="--no-sync"
  if [ -n "$durable" ]; then
    sync=""
    echo "-c fsync=on -c synchronous_commit=on -c full_page_writes=on" >"$dir/options"
  else
    echo "-c fsync=off -c synchronous_commit=off -c full_page_writes=off" >"$dir/options"
  fi
  as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    $sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  local port ok=""
  for _ in 1 2 3; do
    port=$(free_port) || break
    if run_server "$port"; then ok=1; break; fi
  done
  [ -n "$ok" ] || { echo "pg-test-cluster: the server did not start:" >&2; tail -20 "$dir/server.log" >&2; exit 1; }
  echo "$port" >"$dir/port"
  as_owner "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres corridor_test
  url
}

crash() {
  check_ours
  [ -f "$dir/data/postmaster.pid" ] || { echo "pg-test-cluster: the server in $dir is not running" >&2; exit 1; }
  as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
}

restart() {
  check_ours
  [ -f "$dir/port" ] || { echo "pg-test-cluster: no cluster in $dir" >&2; exit 1; }
  run_server "$(cat "$dir/port")" ||
    { echo "pg-test-cluster: the server did not start again:" >&2; tail -20 "$dir/server.log" >&2; exit 1; }
  url
}

stop() {
  [ -d "$dir" ] || return 0
  check_ours
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "$cmd" in
  start) start ;;
  crash) crash ;;
  restart) restart ;;
  stop) stop ;;
  *) usage ;;
esac
