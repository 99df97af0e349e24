#!/usr/bin/env bash
# The load benchmark of issue #6: starts Tongxin on a `seed --scale` database (SQLite, and
# PostgreSQL when reachable) and measures pages at 1, 10 and 50 clients with wrk, a burst of
# 1,000 sign-ups, start-up time and memory. Prints Markdown tables and writes them into
# docs/PERFORMANCE.md. See bench/README.md.
#
#   bash bench/run.sh            # the full run (about 15-25 minutes with PostgreSQL)
#   bash bench/run.sh --quick    # smoke run: 3 s per figure, SQLite only, docs left alone
#
# Needs the release build (cargo leptos build --release). Run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/tools.sh

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; }

for arg in "$@"; do
  case "$arg" in
    --quick)
      export BENCH_QUICK=1 BENCH_SECS=3 BENCH_POSTGRES=0 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; printf '\nunknown argument: %s\n' "$arg" >&2; exit 2 ;;
  esac
done

bin="${TONGXIN_BIN:-target/release/tongxin}"
site="${LEPTOS_SITE_ROOT:-target/site}"
[ -x "$bin" ] || die "the release binary $bin (build it: cargo leptos build --release, or bash scripts/run)"
[ -d "$site/pkg" ] || die "the built site in $site (cargo leptos build --release writes it; or set LEPTOS_SITE_ROOT)"
if ! "$bin" seed --help 2>/dev/null | grep -q -- '--scale'; then
  die "\`tongxin seed --scale N\` in $bin (rebuild with the scaled seed: cargo leptos build --release)"
fi
command -v python3 >/dev/null || die "python3 (Debian: apt-get install -y python3)"
command -v wrk >/dev/null || apt_install "wrk, the load generator" wrk
if [ "${BENCH_POSTGRES:-auto}" != 0 ] && ! command -v psql >/dev/null; then
  if [ "${BENCH_POSTGRES:-auto}" = 1 ]; then
    apt_install "psql, for the PostgreSQL half (BENCH_POSTGRES=0 skips it)" postgresql-client
  else
    # Optional: without psql the PostgreSQL half is skipped (and the report says so).
    (apt_install "psql, for the PostgreSQL half (BENCH_POSTGRES=0 skips it)" postgresql-client) || true
  fi
fi

# 1,000 simultaneous sign-ups are 1,000 open connections on each side.
hard=$(ulimit -Hn)
if [ "$hard" = unlimited ]; then ulimit -n 65536 2>/dev/null || true; else ulimit -n "$hard" 2>/dev/null || true; fi
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge 2200 ] \
  || die "an open-file limit of at least 2200 (ulimit -n is $(ulimit -n); raise the hard limit)"

# Scratch databases and logs. Not /tmp by default: it may be a RAM disk, which flatters SQLite.
tmp_root="${BENCH_TMPDIR:-/var/tmp}"
mkdir -p "$tmp_root"
tmp=$(mktemp -d "$tmp_root/tongxin-bench.XXXXXX")

cleanup() {
  local status=$? pid db pg_url
  trap - EXIT INT TERM
  # Servers bench.py started and did not stop (by id, and only if it is still a tongxin).
  if [ -f "$tmp/pids" ]; then
    while read -r pid; do
      if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q tongxin; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 50); do [ -d "/proc/$pid" ] || break; sleep 0.2; done
        kill -KILL "$pid" 2>/dev/null || true
      fi
    done <"$tmp/pids"
  fi
  if [ "${BENCH_KEEP:-0}" = 1 ]; then
    printf 'scratch folder kept: %s\n' "$tmp" >&2
  else
    if [ -f "$tmp/pg_dbs" ]; then
      pg_url="${BENCH_POSTGRES_URL:-${TONGXIN_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}}"
      while read -r db; do
        PGCONNECT_TIMEOUT=5 psql -X -q -d "$pg_url" -c "DROP DATABASE IF EXISTS \"$db\"" >/dev/null 2>&1 || true
      done < <(sort -u "$tmp/pg_dbs")
    fi
    if [ "$status" != 0 ] && [ -d "$tmp/logs" ]; then
      mkdir -p target/bench
      rm -rf target/bench/logs-failed
      cp -r "$tmp/logs" target/bench/logs-failed
      printf 'server and seed logs of the failed run: target/bench/logs-failed\n' >&2
    fi
    rm -rf "$tmp"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "Tongxin benchmark: $("$bin" --version 2>/dev/null || echo tongxin), scratch in $tmp"
python3 bench/bench.py --repo "$PWD" --tmp "$tmp" --bin "$bin" --site "$site"
