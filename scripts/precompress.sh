#!/usr/bin/env bash
# Writes .br and .gz beside every static file worth compressing (the islands' WASM and JS, the
# stylesheet, SVG), once at build time at the highest levels; the server then sends them as
# they are (tower-http ServeDir's `precompressed_br`/`precompressed_gzip`) instead of
# compressing on every request.
set -euo pipefail
root=${1:-target/site}
command -v brotli >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq brotli; }
find "$root" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.svg' -o -name '*.txt' \) |
  while read -r f; do
    brotli -f -q 11 -o "$f.br" "$f"
    gzip -f -9 -k "$f"
  done
