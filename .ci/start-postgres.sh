#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on loopback for the test suite and prints
# `export DATABASE_URL=…` for the caller to eval. Installs PostgreSQL from Debian's apt if missing.
# Works as root (runs the server as the `postgres` user) and as an ordinary user.
set -euo pipefail
PGPORT=${PGPORT:-54329}
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then echo "PostgreSQL is not installed and this user cannot apt-get install it" >&2; exit 1; fi
  apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGROOT=${PGROOT:-$(mktemp -d -t accord-pg.XXXXXX)}
mkdir -p "$PGROOT"
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$PGROOT" --shell /bin/sh postgres
  chown postgres "$PGROOT"
fi
if [ ! -f "$PGROOT/data/PG_VERSION" ]; then
  as_pg "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
fi
as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT -c fsync=off -c max_connections=200" start >&2
echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$PGPORT/postgres"
echo "export ACCORD_PGROOT=$PGROOT"
