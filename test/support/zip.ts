// A minimal ZIP reader (stored and deflated entries only), enough to read python_stdlib.zip.
// No dependency: the central directory is parsed by hand and entries are inflated with node:zlib.
import { readFileSync } from "node:fs";
import { inflateRawSync } from "node:zlib";

/** One file inside a ZIP archive; `read()` decompresses it on demand. */
export interface ZipEntry {
  readonly name: string;
  readonly size: number;
  read(): Uint8Array;
}

const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;

/** Lists the entries of a ZIP file. Throws on a malformed archive or an unsupported method. */
export function readZip(path: string): ZipEntry[] {
  const buf = readFileSync(path);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  // The end-of-central-directory record sits in the last 22 + 65535 (comment) bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${path}: not a ZIP file (no end of central directory)`);
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (view.getUint32(p, true) !== CENTRAL_SIG) throw new Error(`${path}: bad central directory entry ${n}`);
    const method = view.getUint16(p + 10, true);
    const compressed = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const local = view.getUint32(p + 42, true);
    const name = decoder.decode(buf.subarray(p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith("/")) continue;
    entries.push({
      name,
      size,
      read(): Uint8Array {
        if (view.getUint32(local, true) !== LOCAL_SIG) throw new Error(`${path}: bad local header for ${name}`);
        const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
        const raw = buf.subarray(start, start + compressed);
        let out: Uint8Array;
        if (method === 0) out = new Uint8Array(raw);
        else if (method === 8) out = new Uint8Array(inflateRawSync(raw));
        else throw new Error(`${path}: ${name} uses unsupported compression method ${method}`);
        if (out.length !== size) throw new Error(`${path}: ${name} inflated to ${out.length} bytes, expected ${size}`);
        return out;
      },
    });
  }
  return entries;
}
