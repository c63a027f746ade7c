// The browser's share of the release build: the WASM of the islands and its JS glue, raw,
// gzip and brotli (the largest sizes a browser downloads). Every page loads the same bundle,
// so the public pages' budget (150 KB brotli) is the one that binds; a seller's or admin's
// page may take 250 KB. Exits 1 when over budget (`make test` runs it on the release build).
//
// node scripts/client-size.mjs [site-pkg-dir]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = process.argv[2] ?? 'target/site/pkg';
const PUBLIC_BUDGET = 150_000;
const SELLER_BUDGET = 250_000;

const files = ['odop-mart.wasm', 'odop-mart.js'];
const sizes = files.map((name) => {
  const bytes = readFileSync(join(dir, name));
  return {
    name,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
});
const total = sizes.reduce(
  (t, s) => ({ raw: t.raw + s.raw, gzip: t.gzip + s.gzip, brotli: t.brotli + s.brotli }),
  { raw: 0, gzip: 0, brotli: 0 },
);
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
for (const s of [...sizes, { name: 'total', ...total }]) {
  console.log(`${s.name.padEnd(16)} raw ${kb(s.raw).padStart(10)}  gzip ${kb(s.gzip).padStart(9)}  brotli ${kb(s.brotli).padStart(9)}`);
}
console.log(`budget: public page ${kb(PUBLIC_BUDGET)} brotli, seller/admin page ${kb(SELLER_BUDGET)} brotli (one bundle for all)`);
if (total.brotli > PUBLIC_BUDGET) {
  console.error(`over budget: ${kb(total.brotli)} brotli > ${kb(PUBLIC_BUDGET)}`);
  process.exit(1);
}
