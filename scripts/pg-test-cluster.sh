#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the storage tests.
#   scripts/pg-test-cluster.sh start DIR   initdb into DIR (created; must be new or empty), listen on
#                                          127.0.0.1 on a free port and on a socket in DIR, trust
#                                          auth, create database corridor_test; prints its URL:
#                                          postgresql://postgres@127.0.0.1:PORT/corridor_test
#   scripts/pg-test-cluster.sh stop DIR    pg_ctl -m immediate stop, then remove DIR.
# Tuned for speed, not durability (fsync off). Run as root, the server runs as the `postgres`
# system user (Debian's postgresql package creates it). PG_BIN overrides the binaries' directory.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
MARK=.corridor-pg-test-cluster

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
cmd=$1
dir=$2
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
  as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  local port ok=""
  for _ in 1 2 3; do
    port=$(free_port) || break
    if as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null; then
      ok=1; break
    fi
  done
  [ -n "$ok" ] || { echo "pg-test-cluster: the server did not start:" >&2; tail -20 "$dir/server.log" >&2; exit 1; }
  echo "$port" >"$dir/port"
  as_owner "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres corridor_test
  echo "postgresql://postgres@127.0.0.1:$port/corridor_test"
}

stop() {
  [ -d "$dir" ] || return 0
  if [ ! -e "$dir/$MARK" ]; then
    echo "pg-test-cluster: $dir was not made by this script; not touching it" >&2; exit 1
  fi
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
