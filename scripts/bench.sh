#!/usr/bin/env bash
# make bench: throughput and p99 latency of public pages on the demo catalogue, SQL queries per
# page, the WASM's size (raw, gzip, brotli) and the server's peak memory under that load.
# Loopback only; every run is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
command -v brotli >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq brotli; }

PORT=${BENCH_PORT:-3200}
DURATION=${BENCH_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
tmp=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$tmp"' EXIT

start_server() {
  DATABASE_URL="sqlite://$tmp/bench.db" ODOP_SEED_DEMO=1 ODOP_ADDR="127.0.0.1:$PORT" \
  LEPTOS_OUTPUT_NAME=odop-mart LEPTOS_SITE_ROOT="$PWD/target/site" LEPTOS_SITE_PKG_DIR=pkg LEPTOS_ENV=PROD \
  RUST_LOG="$1" ./target/release/odop-mart >"$tmp/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && return; sleep 0.2; done
  echo "server did not start"; cat "$tmp/server.log"; exit 1
}

# Queries per page, counted from sqlx's statement log.
start_server "warn,sqlx::query=debug"
product=$(sqlite3 "$tmp/bench.db" "SELECT slug FROM products WHERE district_slug='varanasi' LIMIT 1" 2>/dev/null || true)
if [ -z "$product" ]; then
  product=$(curl -fs "http://127.0.0.1:$PORT/district/varanasi" | grep -o 'href="/product/[a-z0-9-]*"' | head -1 | sed 's/.*product\/\(.*\)"/\1/')
fi
pages=("/" "/districts" "/district/varanasi" "/district/varanasi?category=textile&min_price=1000&sort=price_asc" "/products" "/products?q=saree" "/product/$product")
echo "## SQL queries per page"
for p in "${pages[@]}"; do
  before=$(grep -c 'sqlx::query' "$tmp/server.log" || true)
  curl -fs -o /dev/null "http://127.0.0.1:$PORT$p"
  sleep 0.3
  after=$(grep -c 'sqlx::query' "$tmp/server.log" || true)
  echo "  $p: $((after - before))"
done
kill $server; wait $server 2>/dev/null || true

# Throughput: the server on one core, wrk on the other.
start_server "warn"
if command -v taskset >/dev/null; then taskset -pc 0 $server >/dev/null; fi
run() {
  local name=$1 path=$2
  local out pin=""
  command -v taskset >/dev/null && pin="taskset -c 1"
  out=$($pin wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H 'Accept-Encoding: br, gzip' "http://127.0.0.1:$PORT$path")
  local rps p99 p50
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  echo "  $name ($path): $rps req/s, p50 $p50, p99 $p99 ($CONNECTIONS connections, ${DURATION}s)"
}
echo "## Throughput (server pinned to one core)"
run "product page" "/product/$product"
run "district page" "/district/varanasi"
run "filtered district page" "/district/varanasi?category=textile&sort=price_asc"
run "search, all districts" "/products?q=saree"
run "catalogue, three districts, price range" "/products?district=agra&district=lucknow&district=varanasi&min_price=500&max_price=5000"
echo "## Server memory"
echo "  peak RSS: $(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' /proc/$server/status)"

echo "## Compressed page sizes"
for p in "/district/varanasi" "/districts"; do
  raw=$(curl -fs "http://127.0.0.1:$PORT$p" | wc -c)
  br=$(curl -fs -H 'Accept-Encoding: br' "http://127.0.0.1:$PORT$p" | wc -c)
  echo "  $p: $raw B raw, $br B brotli"
done

echo "## WASM"
wasm=target/site/pkg/odop-mart.wasm
echo "  raw: $(wc -c <"$wasm") B, gzip: $(gzip -9 -c "$wasm" | wc -c) B, brotli: $(brotli -q 11 -c "$wasm" | wc -c) B"
js=target/site/pkg/odop-mart.js
echo "  js glue: $(wc -c <"$js") B raw, $(brotli -q 11 -c "$js" | wc -c) B brotli"

# Orders per second: the checkout's own code against fresh databases (PostgreSQL when
# BENCH_POSTGRES_URL is set, e.g. postgres://postgres@127.0.0.1:5432/postgres).
kill $server 2>/dev/null || true
cargo run --quiet --release --features ssr --example orders_bench
