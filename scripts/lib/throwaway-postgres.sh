# A PostgreSQL cluster for one test run: initdb in a temp folder, a free port, and
# stopped and removed when the calling script exits, fails or is interrupted.
# shellcheck shell=bash

THROWAWAY_PG_DIR=""

stop_throwaway_postgres() {
  [ -n "$THROWAWAY_PG_DIR" ] || return 0
  if [ -f "$THROWAWAY_PG_DIR/data/postmaster.pid" ]; then
    as_cluster_owner "$PG_BIN/pg_ctl" -D "$THROWAWAY_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$THROWAWAY_PG_DIR"
  THROWAWAY_PG_DIR=""
}

# Starts the cluster and exports DATABASE_URL for it.
start_throwaway_postgres() {
  THROWAWAY_PG_DIR=$(mktemp -d /tmp/fflow-pg.XXXXXX)
  chmod 755 "$THROWAWAY_PG_DIR"
  give_to_cluster_owner "$THROWAWAY_PG_DIR"
  local port
  port=$(free_port)
  as_cluster_owner "$PG_BIN/initdb" -D "$THROWAWAY_PG_DIR/data" -U fflow --auth=trust -E UTF8 --locale=C.UTF-8 >"$THROWAWAY_PG_DIR/initdb.log" 2>&1 \
    || { cat "$THROWAWAY_PG_DIR/initdb.log" >&2; die "initdb failed for the throwaway cluster"; }
  # fsync off: this cluster lives for one run and its data is worth nothing afterwards.
  as_cluster_owner "$PG_BIN/pg_ctl" -D "$THROWAWAY_PG_DIR/data" -l "$THROWAWAY_PG_DIR/postgres.log" -w -t 60 \
    -o "-p $port -k $THROWAWAY_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null \
    || { cat "$THROWAWAY_PG_DIR/postgres.log" >&2; die "the throwaway PostgreSQL did not start"; }
  export DATABASE_URL="postgres://fflow@127.0.0.1:$port/postgres"
  say "throwaway PostgreSQL on port $port (removed on exit)"
}
