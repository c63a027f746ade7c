#!/usr/bin/env bash
# Instructions per request for one page, counted by callgrind: repeatable whatever else the machine
# is doing, so two builds can be compared on a noisy machine (wall-clock req/s cannot).
#
#   scripts/profile.sh PATH [REQUESTS] [BINARY] [ACCEPT_ENCODING]
#   scripts/profile.sh /district/varanasi 50 target/release/odop-mart br
#   scripts/profile.sh '/product/{product}'        (the first demo product from Varanasi)
#
# Prints the instruction count per request and the top functions (inclusive), and leaves the
# callgrind file for `callgrind_annotate`. The demo catalogue is seeded natively first (hashing
# passwords under valgrind would take minutes), then the server restarts under callgrind with
# instrumentation off until it has warmed up.
set -euo pipefail
cd "$(dirname "$0")/.."
path=${1:?usage: scripts/profile.sh PATH [REQUESTS] [BINARY] [ACCEPT_ENCODING]}
n=${2:-50}
bin=${3:-target/release/odop-mart}
enc=${4:-}
port=${PROFILE_PORT:-3300}
out=${PROFILE_OUT:-target/profile}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$tmp"' EXIT

# Rendered pages are what this measures: the anonymous page cache is off unless asked for.
env_for_server=(DATABASE_URL="sqlite://$tmp/p.db" ODOP_ADDR="127.0.0.1:$port" ODOP_PAGE_CACHE="${ODOP_PAGE_CACHE:-off}"
  LEPTOS_OUTPUT_NAME=odop-mart LEPTOS_SITE_ROOT="$PWD/target/site" LEPTOS_SITE_PKG_DIR=pkg LEPTOS_ENV=PROD RUST_LOG=warn)
wait_up() {
  for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.2; done
  echo "server did not start"; exit 1
}

env "${env_for_server[@]}" ODOP_SEED_DEMO=1 "$bin" >"$tmp/seed.log" 2>&1 &
server=$!
wait_up
kill $server; wait $server 2>/dev/null || true
# `{product}` in PATH: the demo catalogue's first product from Varanasi.
if [[ $path == *"{product}"* ]]; then
  slug=$(sqlite3 "$tmp/p.db" "SELECT slug FROM products WHERE district_slug='varanasi' ORDER BY id LIMIT 1")
  path=${path//"{product}"/$slug}
fi

name=$(echo "$path" | tr -c 'a-zA-Z0-9\n' '_')
file="$out/callgrind.$(basename "$bin").$name${enc:+.$enc}"
env "${env_for_server[@]}" valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$file" \
  "$bin" >"$tmp/server.log" 2>&1 &
server=$!
wait_up

# One curl run asks the page n times over one kept-alive connection.
ask() {
  local k=$1 cfg="$tmp/curl.cfg"
  : >"$cfg"
  for _ in $(seq 1 "$k"); do printf 'url = "http://127.0.0.1:%s%s"\noutput = "/dev/null"\n' "$port" "$path" >>"$cfg"; done
  curl -fs ${enc:+-H "Accept-Encoding: $enc"} -K "$cfg"
}
callgrind_control -i on $server >/dev/null 2>&1
ask 10
callgrind_control -z $server >/dev/null 2>&1
ask "$n"
callgrind_control -d $server >/dev/null 2>&1
callgrind_control -i off $server >/dev/null 2>&1
sleep 1
dump=$(ls -t "$file"* | head -1)
total=$(awk '/^(summary|totals):/ {print $2; exit}' "$dump")
echo "$path${enc:+ ($enc)}: $((total / n)) instructions per request ($n requests, $(basename "$bin"))"
callgrind_annotate --inclusive=yes "$dump" 2>/dev/null | sed -n '/^Ir/,$p' | sed -n 3,28p | cut -c1-160
