#!/usr/bin/env bash
# Start or stop the shared services on loopback for integration tests and the load test:
#   scripts/services.sh start   # installs (apt-get, once) and starts Redis, PostgreSQL and a Chroma server
#   scripts/services.sh stop
#   scripts/services.sh env     # prints the WORKBENCH_* settings that point the workbench at them
# State lives in data/services/ (git-ignored). Ports: Redis 6390, PostgreSQL 5440, Chroma 8010
# (override with REDIS_PORT, PG_PORT, CHROMA_PORT). Everything listens on 127.0.0.1 only.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
state="${WORKBENCH_SERVICES_DIR:-$root/data/services}"
REDIS_PORT="${REDIS_PORT:-6390}"
PG_PORT="${PG_PORT:-5440}"
CHROMA_PORT="${CHROMA_PORT:-8010}"
venv_bin="${VENV_BIN:-$root/.venv/bin}"
[ -x "$venv_bin/python" ] || venv_bin="$(dirname "$(command -v python3)")"

apt_install() {  # apt_install BINARY PACKAGE: install the Debian package once, if the binary is missing
  if ! command -v "$1" >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/"$1" >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then echo "services: $1 is missing; install $2 (needs root)" >&2; return 1; fi
    [ -f "$state/.apt-updated" ] || { apt-get update -qq && mkdir -p "$state" && touch "$state/.apt-updated"; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  fi
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

wait_for() {  # wait_for NAME SECONDS COMMAND...: poll until the command succeeds (bounded)
  local name=$1 limit=$2; shift 2
  for _ in $(seq 1 "$((limit * 5))"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "services: $name did not come up within ${limit}s" >&2; return 1
}

start_redis() {
  apt_install redis-server redis-server
  mkdir -p "$state/redis"
  redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$state/redis" \
    --daemonize yes --pidfile "$state/redis/redis.pid" --logfile "$state/redis/redis.log"
  wait_for redis 10 redis-cli -p "$REDIS_PORT" ping
}

start_postgres() {
  apt_install initdb postgresql
  local bin; bin="$(pg_bin)"
  local data="$state/postgres"
  local as=(); [ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)  # postgres refuses to run as root
  mkdir -p "$data"; [ "$(id -u)" -eq 0 ] && chown postgres "$data"
  if [ ! -f "$data/PG_VERSION" ]; then
    "${as[@]}" "$bin/initdb" -D "$data" -U workbench --auth=trust >/dev/null
  fi
  "${as[@]}" "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1 && return 0
  "${as[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $data" start >/dev/null
  for db in workbench mlflow; do
    "${as[@]}" "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U workbench -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 ||
      "${as[@]}" "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U workbench -d postgres -qc "CREATE DATABASE $db"
  done
}

start_chroma() {
  mkdir -p "$state/chroma"
  curl -sf "http://127.0.0.1:$CHROMA_PORT/api/v2/heartbeat" >/dev/null 2>&1 && return 0
  nohup "$venv_bin/chroma" run --host 127.0.0.1 --port "$CHROMA_PORT" --path "$state/chroma/data" \
    >"$state/chroma/chroma.log" 2>&1 &
  echo $! >"$state/chroma/chroma.pid"
  wait_for chroma 60 curl -sf "http://127.0.0.1:$CHROMA_PORT/api/v2/heartbeat"
}

stop_all() {
  if [ -f "$state/redis/redis.pid" ]; then kill "$(cat "$state/redis/redis.pid")" 2>/dev/null || true; rm -f "$state/redis/redis.pid"; fi
  if [ -f "$state/chroma/chroma.pid" ]; then kill "$(cat "$state/chroma/chroma.pid")" 2>/dev/null || true; rm -f "$state/chroma/chroma.pid"; fi
  if [ -f "$state/postgres/PG_VERSION" ]; then
    local as=(); [ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)
    "${as[@]}" "$(pg_bin)/pg_ctl" -D "$state/postgres" -m fast stop >/dev/null 2>&1 || true
  fi
}

print_env() {
  echo "WORKBENCH_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
  echo "WORKBENCH_CHROMA_URL=http://127.0.0.1:$CHROMA_PORT"
  echo "WORKBENCH_POSTGRES_URL=postgresql://workbench@127.0.0.1:$PG_PORT/workbench"
  echo "WORKBENCH_MLFLOW_BACKEND_URL=postgresql+psycopg://workbench@127.0.0.1:$PG_PORT/mlflow"
}

case "${1:-}" in
  start) start_redis; start_postgres; start_chroma; print_env ;;
  stop) stop_all ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
