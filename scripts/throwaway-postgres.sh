# A throw-away PostgreSQL cluster for scripts, as tests/Shared/Postgres/PostgresCluster.cs makes one for the .NET tests:
# initdb in a temporary directory, loopback only, a free port, trust authentication, run as the postgres OS user when
# run as root (PostgreSQL refuses root). No service of the machine is used. Source this file, then:
#
#   throwaway_postgres_start [extra postgres settings...]   # sets THROWAWAY_POSTGRES_DIR and THROWAWAY_POSTGRES
#   ...                                                     # THROWAWAY_POSTGRES: Npgsql connection string of database "coffer"
#   throwaway_postgres_database NAME                        # creates another database; prints its connection string
#   throwaway_postgres_stop                                 # stops the cluster and deletes its directory
#
# Binaries: COFFER_POSTGRES_BIN, else the newest /usr/lib/postgresql/*/bin (Debian's postgresql package).
# Settings are the tests' (fsync off, synchronous_commit off, 300 connections) unless the caller passes others,
# e.g. "-c fsync=on"; later -c settings win.

throwaway_postgres_start() {
  local bin="${COFFER_POSTGRES_BIN:-}"
  if [ -z "$bin" ]; then
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  fi
  if [ ! -x "$bin/initdb" ]; then
    echo "throwaway-postgres: no PostgreSQL binaries (apt-get install postgresql, or set COFFER_POSTGRES_BIN)" >&2
    return 1
  fi

  local as=()
  [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  THROWAWAY_POSTGRES_DIR=$("${as[@]}" mktemp -d "${TMPDIR:-/tmp}/coffer-pg-XXXXXX") || return 1
  "${as[@]}" "$bin/initdb" -D "$THROWAWAY_POSTGRES_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null || return 1

  local port attempt
  for attempt in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 30000))
    # A port something answers on is taken; pg_ctl fails (and the next attempt runs) if it is taken in between.
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
    if "${as[@]}" "$bin/pg_ctl" -D "$THROWAWAY_POSTGRES_DIR/data" -l "$THROWAWAY_POSTGRES_DIR/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$THROWAWAY_POSTGRES_DIR -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off $*" \
      start >/dev/null; then
      "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE coffer" || return 1
      THROWAWAY_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=coffer"
      THROWAWAY_POSTGRES_BIN="$bin"
      THROWAWAY_POSTGRES_PORT="$port"
      export THROWAWAY_POSTGRES THROWAWAY_POSTGRES_DIR
      return 0
    fi
  done
  echo "throwaway-postgres: the cluster did not start; its log:" >&2
  cat "$THROWAWAY_POSTGRES_DIR/server.log" >&2
  return 1
}

# A second server with a data directory (so a root key) of its own cannot open the first one's database: give it another.
throwaway_postgres_database() {
  "$THROWAWAY_POSTGRES_BIN/psql" -h 127.0.0.1 -p "$THROWAWAY_POSTGRES_PORT" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE \"$1\"" >&2 || return 1
  echo "Host=127.0.0.1;Port=$THROWAWAY_POSTGRES_PORT;Username=postgres;Database=$1"
}

throwaway_postgres_stop() {
  [ -n "${THROWAWAY_POSTGRES_DIR:-}" ] || return 0
  local as=()
  [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  if [ -f "$THROWAWAY_POSTGRES_DIR/data/postmaster.pid" ]; then
    "${as[@]}" "$THROWAWAY_POSTGRES_BIN/pg_ctl" -D "$THROWAWAY_POSTGRES_DIR/data" -m immediate -w stop >/dev/null
  fi
  rm -rf "$THROWAWAY_POSTGRES_DIR"
  unset THROWAWAY_POSTGRES THROWAWAY_POSTGRES_DIR
}
