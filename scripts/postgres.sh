#!/usr/bin/env bash
# A PostgreSQL server for the storage tests, exported as ESEQ_TEST_POSTGRES_URI.
#
#   source scripts/postgres.sh          # (scripts/test.sh) start it; stopped when that shell exits
#   scripts/postgres.sh <command...>    # start it, run the command with the variable set, stop it
#
# Reuses the server ESEQ_TEST_POSTGRES_URI already names when it answers. Otherwise installs the
# Debian `postgresql` package if absent and starts a throwaway cluster in a temporary directory on
# a free loopback port (initdb + pg_ctl, as the `postgres` user when running as root; about 2 s),
# with a database for the tests, which each use a schema of their own. The cluster trades
# durability for speed (fsync=off): it holds nothing that outlives the tests.

eseq_pg_main() {
  local sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

  if [ -n "${ESEQ_TEST_POSTGRES_URI:-}" ]; then
    if command -v psql >/dev/null 2>&1 && psql "$ESEQ_TEST_POSTGRES_URI" -qAtc 'SELECT 1' >/dev/null 2>&1; then
      echo "postgres: reusing the server at ESEQ_TEST_POSTGRES_URI"
      return 0
    fi
    echo "postgres: ESEQ_TEST_POSTGRES_URI is set but does not answer; starting a throwaway cluster" >&2
  fi

  local bindir=""
  for candidate in /usr/lib/postgresql/*/bin; do
    [ -x "$candidate/initdb" ] && bindir=$candidate
  done
  if [ -z "$bindir" ]; then
    echo "postgres: installing the Debian package postgresql"
    "${sudo_cmd[@]}" apt-get update -qq
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    for candidate in /usr/lib/postgresql/*/bin; do
      [ -x "$candidate/initdb" ] && bindir=$candidate
    done
  fi
  if [ -z "$bindir" ]; then
    echo "postgres: no initdb under /usr/lib/postgresql/*/bin after installing postgresql" >&2
    return 1
  fi

  # A free loopback port: one nobody answers on.
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  done

  ESEQ_PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/eseq-postgres-XXXXXX")
  local as_owner=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$ESEQ_PG_DIR"
    as_owner=(runuser -u postgres --)
  fi
  if ! "${as_owner[@]}" "$bindir/initdb" -D "$ESEQ_PG_DIR/data" -U postgres -A trust -E UTF8 \
      --locale=C --no-sync >"$ESEQ_PG_DIR/initdb.log" 2>&1; then
    echo "postgres: initdb failed:" >&2
    cat "$ESEQ_PG_DIR/initdb.log" >&2
    return 1
  fi
  if ! "${as_owner[@]}" "$bindir/pg_ctl" -D "$ESEQ_PG_DIR/data" -l "$ESEQ_PG_DIR/server.log" -w \
      -o "-p $port -k $ESEQ_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" \
      start >/dev/null; then
    echo "postgres: the server did not start; its log:" >&2
    cat "$ESEQ_PG_DIR/server.log" >&2
    return 1
  fi
  ESEQ_PG_BINDIR=$bindir
  trap eseq_pg_stop EXIT
  "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres eseq_test
  export ESEQ_TEST_POSTGRES_URI="postgresql://postgres@127.0.0.1:$port/eseq_test"
  echo "postgres: throwaway cluster on 127.0.0.1:$port in $ESEQ_PG_DIR"
}

eseq_pg_stop() {
  [ -n "${ESEQ_PG_DIR:-}" ] || return 0
  local as_owner=()
  [ "$(id -u)" -eq 0 ] && as_owner=(runuser -u postgres --)
  "${as_owner[@]}" "$ESEQ_PG_BINDIR/pg_ctl" -D "$ESEQ_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$ESEQ_PG_DIR"
  ESEQ_PG_DIR=""
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  eseq_pg_main
else
  set -euo pipefail
  eseq_pg_main
  if [ $# -gt 0 ]; then
    "$@"
  else
    echo "usage: source scripts/postgres.sh, or scripts/postgres.sh <command...>" >&2
  fi
fi
