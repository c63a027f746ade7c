#!/usr/bin/env bash
# make lighthouse: Lighthouse 12 (mobile: simulated slow 4G, 4× slower CPU) on the public pages
# of a release server with the demo catalogue, in Debian's Chromium. Prints performance,
# accessibility, best practices, SEO, LCP, TBT and CLS per page, marks each figure against its
# budget, and exits 1 when one misses. Run it on a quiet machine: the simulated throttling
# multiplies whatever else the two cores are doing.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${LIGHTHOUSE_PORT:-3300}
RUNS=${LIGHTHOUSE_RUNS:-1}
TOOLS="$PWD/.tools"
LIGHTHOUSE_VERSION=12.8.2
if ! "$TOOLS/node_modules/.bin/lighthouse" --version 2>/dev/null | grep -q "^$LIGHTHOUSE_VERSION$"; then
  npm install --prefix "$TOOLS" --no-save --no-audit --no-fund "lighthouse@$LIGHTHOUSE_VERSION" >/dev/null
fi

DIR=$(mktemp -d)
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$DIR"
}
trap cleanup EXIT

DATABASE_URL="sqlite://$DIR/lighthouse.db" ODOP_SEED_DEMO=1 ODOP_ADDR="127.0.0.1:$PORT" \
  ODOP_MEDIA_DIR="$DIR/media" LEPTOS_OUTPUT_NAME=odop-mart LEPTOS_SITE_ROOT="$PWD/target/site" \
  LEPTOS_SITE_PKG_DIR=pkg LEPTOS_ENV=PROD RUST_LOG=warn ./target/release/odop-mart &
SERVER_PID=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 0.2
done

BASE="http://127.0.0.1:$PORT"
PRODUCT=$(curl -s "$BASE/district/varanasi" | grep -o 'href="/product/[^"]*"' | head -1 | sed 's/href="//; s/"$//')
PAGES=(
  "home /"
  "district /district/varanasi"
  "catalogue /products?district=agra&district=firozabad&min_price=500"
  "search /products?q=saree"
  "product $PRODUCT"
  "cart /cart"
)

for entry in "${PAGES[@]}"; do
  name=${entry%% *}
  path=${entry#* }
  for run in $(seq 1 "$RUNS"); do
    CHROME_PATH=/usr/bin/chromium "$TOOLS/node_modules/.bin/lighthouse" "$BASE$path" \
      --quiet --output=json --output-path="$DIR/$name-$run.json" \
      --only-categories=performance,accessibility,best-practices,seo \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" \
      >/dev/null 2>&1 || echo "lighthouse failed on $name" >&2
  done
done

node - "$DIR" "$RUNS" "${PAGES[@]}" <<'EOF'
const fs = require('fs');
const [dir, runs, ...pages] = process.argv.slice(2);
const budget = { performance: 97, accessibility: 100, 'best-practices': 100, seo: 95, lcp: 2000, tbt: 50, cls: 0.02 };
let failed = false;
const mark = (ok) => { if (!ok) failed = true; return ok ? ' ' : '✗'; };
console.log('page        perf  a11y  best   seo    LCP ms  TBT ms    CLS   (median of ' + runs + ')');
for (const entry of pages) {
  const name = entry.split(' ')[0];
  const reports = [];
  for (let r = 1; r <= Number(runs); r++) {
    const file = `${dir}/${name}-${r}.json`;
    if (fs.existsSync(file)) reports.push(JSON.parse(fs.readFileSync(file, 'utf8')));
  }
  if (reports.length === 0) { console.log(`${name.padEnd(10)} no report`); failed = true; continue; }
  const median = (f) => { const v = reports.map(f).sort((a, b) => a - b); return v[Math.floor(v.length / 2)]; };
  const score = (c) => median((r) => Math.round(r.categories[c].score * 100));
  const audit = (a) => median((r) => r.audits[a].numericValue);
  const p = score('performance'), a = score('accessibility'), b = score('best-practices'), s = score('seo');
  const lcp = audit('largest-contentful-paint'), tbt = audit('total-blocking-time'), cls = audit('cumulative-layout-shift');
  console.log(
    `${name.padEnd(10)} ${String(p).padStart(4)}${mark(p >= budget.performance)} ${String(a).padStart(4)}${mark(a >= budget.accessibility)}` +
    ` ${String(b).padStart(4)}${mark(b >= budget['best-practices'])} ${String(s).padStart(4)}${mark(s >= budget.seo)}` +
    ` ${String(Math.round(lcp)).padStart(8)}${mark(lcp <= budget.lcp)} ${String(Math.round(tbt)).padStart(6)}${mark(tbt <= budget.tbt)}` +
    ` ${cls.toFixed(3).padStart(6)}${mark(cls <= budget.cls)}`,
  );
}
console.log('budgets: performance ≥ 97, accessibility 100, best practices 100, SEO ≥ 95, LCP ≤ 2000 ms, TBT ≤ 50 ms, CLS ≤ 0.02');
process.exit(failed ? 1 : 0);
EOF
