#!/usr/bin/env bash
# make bench: throughput and p99 latency of the public pages on the demo catalogue, each as a
# ratio to a bare Leptos page (examples/floor.rs) measured in the same run; uncompressed and with
# brotli; rendered every time (page cache off) and from the anonymous page cache. Then SQL
# queries per page, page sizes, the WASM's size and the server's peak memory, and orders/s.
#
# Set-up: every thread of the server pinned to core 0 (`taskset -a`), wrk (1 thread,
# 32 connections) on core 1. Loopback only; every run is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
command -v brotli >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq brotli; }

PORT=${BENCH_PORT:-3200}
FLOOR_PORT=$((PORT + 1))
DURATION=${BENCH_SECONDS:-8}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
tmp=$(mktemp -d)
server=""
floor=""
trap 'kill $server $floor 2>/dev/null || true; rm -rf "$tmp"' EXIT

# The environment cargo-leptos builds the server in (its `to_envs`): Leptos's crates read some of
# it at compile time, so building the examples in any other would recompile the whole library.
build_env=(LEPTOS_OUTPUT_NAME=odop-mart LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg
  LEPTOS_SITE_ADDR=127.0.0.1:3000 LEPTOS_RELOAD_PORT=3001 LEPTOS_LIB_DIR=. LEPTOS_BIN_DIR=.
  LEPTOS_JS_MINIFY=true LEPTOS_HASH_FILES=false)
env "${build_env[@]}" cargo build --quiet --release --no-default-features --features ssr --example floor --example orders_bench
leptos_env=(LEPTOS_OUTPUT_NAME=odop-mart LEPTOS_SITE_ROOT="$PWD/target/site" LEPTOS_SITE_PKG_DIR=pkg LEPTOS_ENV=PROD)

wait_up() {
  for _ in $(seq 1 150); do curl -fs -o /dev/null "$1" && return; sleep 0.2; done
  echo "server did not start ($1)"; cat "$tmp"/*.log; exit 1
}
pin() { command -v taskset >/dev/null && taskset -a -p -c 0 "$1" >/dev/null || true; }

# start_server LOG_FILTER PAGE_CACHE
start_server() {
  env "${leptos_env[@]}" DATABASE_URL="sqlite://$tmp/bench.db" ODOP_SEED_DEMO=1 ODOP_ADDR="127.0.0.1:$PORT" \
    ODOP_PAGE_CACHE="$2" RUST_LOG="$1" ./target/release/odop-mart >"$tmp/server.log" 2>&1 &
  server=$!
  wait_up "http://127.0.0.1:$PORT/healthz"
  pin $server
}
stop_server() { kill $server; wait $server 2>/dev/null || true; server=""; }

# measure URL [ENCODING] -> "req/s p99"
measure() {
  local out pin_wrk=""
  command -v taskset >/dev/null && pin_wrk="taskset -c 1"
  out=$($pin_wrk wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency ${2:+-H "Accept-Encoding: $2"} "$1")
  echo "$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out") $(awk '$1=="99%" {print $2}' <<<"$out")"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

# The floor: one Leptos page, one SQLite row.
env "${leptos_env[@]}" RUST_LOG=warn ./target/release/examples/floor "127.0.0.1:$FLOOR_PORT" >"$tmp/floor.log" 2>&1 &
floor=$!
wait_up "http://127.0.0.1:$FLOOR_PORT/floor"
pin $floor
read -r floor_rps floor_p99 < <(measure "http://127.0.0.1:$FLOOR_PORT/floor")
kill $floor; wait $floor 2>/dev/null || true; floor=""
echo "## Floor (examples/floor.rs): $floor_rps req/s, p99 $floor_p99"

# Queries per page, counted from sqlx's statement log (page cache off: a render's own queries).
start_server "warn,sqlx::query=debug" off
product=$(sqlite3 "$tmp/bench.db" "SELECT slug FROM products WHERE district_slug='varanasi' LIMIT 1" 2>/dev/null || true)
if [ -z "$product" ]; then
  product=$(curl -fs "http://127.0.0.1:$PORT/district/varanasi" | grep -o 'href="/product/[a-z0-9-]*"' | head -1 | sed 's/.*product\/\(.*\)"/\1/')
fi
names=("product page" "district page" "district, filtered and sorted" "catalogue, 3 districts + price"
  "search (saree)" "all products" "home" "districts map")
pages=("/product/$product" "/district/varanasi" "/district/varanasi?category=textile&sort=price_asc"
  "/products?district=agra&district=lucknow&district=varanasi&min_price=500&max_price=5000"
  "/products?q=saree" "/products" "/" "/districts")
echo "## SQL queries per page"
# The page's own statements: asked once first (the pool opens its connections then, and their
# set-up PRAGMAs are logged too), then counted without PRAGMA/SET lines, as tests/queries.rs does.
statements() { grep 'sqlx::query' "$tmp/server.log" | grep -vc -e '"PRAGMA' -e '"SET ' || true; }
for p in "${pages[@]}"; do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT$p"
  sleep 0.3
  before=$(statements)
  curl -fs -o /dev/null "http://127.0.0.1:$PORT$p"
  sleep 0.3
  after=$(statements)
  echo "  $p: $((after - before))"
done
stop_server

for cache in off on; do
  start_server warn "$cache"
  if [ "$cache" = off ]; then
    echo "## Rendered on every request (page cache off); ratio to the floor"
  else
    echo "## Anonymous visitors from the page cache; ratio to the floor"
  fi
  printf '  %-32s %8s %9s %7s | %8s %9s %7s | %9s %8s\n' page req/s p99 ×floor "br req/s" "br p99" "br/raw" HTML brotli
  for i in "${!pages[@]}"; do
    url="http://127.0.0.1:$PORT${pages[$i]}"
    read -r rps p99 < <(measure "$url")
    read -r brps bp99 < <(measure "$url" br)
    raw=$(curl -fs "$url" | wc -c)
    br=$(curl -fs -H 'Accept-Encoding: br' "$url" | wc -c)
    printf '  %-32s %8s %9s %7s | %8s %9s %7s | %8.1fK %7.1fK\n' "${names[$i]}" "$rps" "$p99" "$(ratio "$rps" "$floor_rps")×" \
      "$brps" "$bp99" "$(ratio "$brps" "$rps")×" "$(awk -v n="$raw" 'BEGIN{print n/1000}')" "$(awk -v n="$br" 'BEGIN{print n/1000}')"
  done
  echo "  peak RSS: $(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' /proc/$server/status)"
  stop_server
done

echo "## WASM and JS (served precompressed)"
node scripts/client-size.mjs target/site/pkg 2>/dev/null || true

# Orders per second: the checkout's own code against fresh databases (PostgreSQL when
# BENCH_POSTGRES_URL is set, e.g. postgres://postgres@127.0.0.1:5432/postgres).
./target/release/examples/orders_bench
