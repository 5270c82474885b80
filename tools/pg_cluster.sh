#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (CI's .ci/run and developers share it).
#
#   tools/pg_cluster.sh start DIR   # initdb + start in DIR; prints the URL for CASEFILE_TEST_PG
#   tools/pg_cluster.sh stop DIR    # stop it and delete DIR
#
# The server listens on 127.0.0.1 only (and a Unix socket inside DIR), on a free port, with trust authentication
# for the superuser `postgres` (other roles need their password): nothing outside this machine can reach it, and
# it holds only test databases.
# fsync is off: a crash loses a throwaway cluster, never user data. Run as root, the cluster runs as `postgres`
# (initdb refuses root).
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action="$1"
dir="$(mkdir -p "$2" && cd "$2" && pwd)"

bindir() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return
  fi
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$found" ] || { echo "PostgreSQL is not installed (Debian: apt-get install -y postgresql)" >&2; exit 1; }
  echo "$found"
}

as_owner() {  # run a server command as the cluster's owner
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

case "$action" in
  start)
    bin="$(bindir)"
    [ "$(id -u)" = "0" ] && chown postgres: "$dir"
    port="$(free_port)"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # the superuser without a password (the tests' admin), every other role with one: the tests of password
    # prompts make a role of their own and need a server that really asks
    cat >"$dir/pg_hba.conf.new" <<HBA
local all postgres trust
host  all postgres 127.0.0.1/32 trust
local all all scram-sha-256
host  all all 127.0.0.1/32 scram-sha-256
HBA
    as_owner cp "$dir/pg_hba.conf.new" "$dir/data/pg_hba.conf"
    rm -f "$dir/pg_hba.conf.new"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "$port" >"$dir/port"
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *) usage ;;
esac
