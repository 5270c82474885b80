#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (CI's .ci/run and developers share it).
#
#   tools/pg_cluster.sh start DIR     # initdb + start in DIR; prints the URL for CASEFILE_TEST_PG
#   tools/pg_cluster.sh restart DIR   # start it again after a crash or a kill (same port, same data)
#   tools/pg_cluster.sh stop DIR      # stop it and delete DIR
#
# The server listens on 127.0.0.1 only (and a Unix socket inside DIR), on a free port, with trust authentication
# for the superuser `postgres` (other roles need their password): nothing outside this machine can reach it, and
# it holds only test databases.
# Commits are synchronous, as on a real server: a commit the server acknowledged is in its WAL, so a killed server
# (kill -9) loses nothing a client was told was saved (tests/test_pg_kill.py). fsync is off: only an operating
# system crash could lose what the kernel holds, and that loses a throwaway cluster, never user data. Run as root,
# the cluster runs as `postgres` (initdb refuses root).
set -euo pipefail

usage() { echo "usage: $0 start|restart|stop DIR" >&2; exit 2; }
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

serve() {  # start the server in $dir on port $1
  as_owner "$(bindir)/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $1 -k $dir -c fsync=off -c synchronous_commit=on -c max_connections=200" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
}

alive() {  # a process that runs (a zombie nobody reaped does not)
  [ -r "/proc/$1/stat" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat")" != "Z" ]
}

clear_stale_lock() {
  # a killed postmaster leaves postmaster.pid, and where nobody reaps it (a container's init) its pid still
  # answers: wait for its backends (they notice its death and exit), then remove the lock
  local pid p i busy
  pid="$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)"
  [ -n "$pid" ] && ! alive "$pid" || return 0
  for i in $(seq 300); do
    busy=0
    for p in /proc/[0-9]*; do
      if [ "$(readlink "$p/cwd" 2>/dev/null)" = "$dir/data" ] && alive "${p#/proc/}"; then busy=1; break; fi
    done
    [ "$busy" = 0 ] && break
    sleep 0.1
  done
  rm -f "$dir/data/postmaster.pid" "$dir/.s.PGSQL.$port" "$dir/.s.PGSQL.$port.lock"
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
    serve "$port"
    echo "$port" >"$dir/port"
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  restart)
    [ -f "$dir/port" ] || { echo "no cluster in $dir (start it first)" >&2; exit 1; }
    port="$(cat "$dir/port")"
    clear_stale_lock
    serve "$port"
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
