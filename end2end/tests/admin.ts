import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import * as path from 'node:path';

/** Makes an admin with `odop-mart create-admin` (the only way there is); returns its TOTP secret. */
export function createAdmin(login: string, password: string): string {
  const root = path.resolve(__dirname, '..', '..');
  const out = execFileSync(`${root}/target/release/odop-mart`, ['create-admin', login, 'ODOP Cell'], {
    input: `${password}\n`,
    env: { ...process.env, DATABASE_URL: `sqlite://${process.env.ODOP_E2E_DIR}/e2e.db`, RUST_LOG: 'warn' },
  }).toString();
  const secret = out.match(/totp-secret: (\S+)/)?.[1];
  if (!secret) throw new Error(`create-admin printed no secret: ${out}`);
  return secret;
}

function base32(secret: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const c of secret.replace(/=+$/, '')) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** The current six-digit code of an authenticator app (RFC 6238, SHA-1, 30 s). */
export function totp(secret: string, unixSeconds = Date.now() / 1000): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const h = createHmac('sha1', base32(secret)).update(counter).digest();
  const o = h[h.length - 1] & 15;
  const n = (((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3]) % 1_000_000;
  return String(n).padStart(6, '0');
}

/** A small PNG photo (a warm gradient), as a phone would upload it. */
export function photoPng(width = 64, height = 48): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      raw[row + 1 + x * 3] = 200;
      raw[row + 2 + x * 3] = (x * 4) & 0xff;
      raw[row + 3 + x * 3] = (y * 5) & 0xff;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
