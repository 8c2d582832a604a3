/**
 * A tiny reader for the `.tar.gz` archives that ship NAB's raw detector outputs, so that the
 * benchmark and its tests need neither a `tar` binary nor a dependency. Handles ustar and
 * GNU long names (the only features those archives use); regular files only.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';

const BLOCK = 512;

/** One regular file from an archive. */
export interface TarEntry {
  path: string;
  data: Buffer;
}

function cString(buf: Buffer, start: number, length: number): string {
  const end = buf.indexOf(0, start);
  return buf.toString('utf8', start, end === -1 || end > start + length ? start + length : end);
}

function octal(buf: Buffer, start: number, length: number): number {
  const text = cString(buf, start, length).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

/**
 * Lists the regular files of an uncompressed tar archive.
 *
 * @example
 * ```ts
 * for (const e of readTar(gunzipSync(readFileSync('x.tar.gz')))) console.log(e.path, e.data.length);
 * ```
 */
export function readTar(tar: Buffer): TarEntry[] {
  const out: TarEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= tar.length) {
    // Two zero blocks end the archive; one is enough to stop.
    if (tar[offset] === 0) break;
    const size = octal(tar, offset + 124, 12);
    const type = String.fromCharCode(tar[offset + 156] ?? 48);
    const prefix = cString(tar, offset + 345, 155);
    let name = cString(tar, offset + 0, 100);
    if (prefix !== '') name = `${prefix}/${name}`;
    const dataStart = offset + BLOCK;
    const data = tar.subarray(dataStart, dataStart + size);
    if (type === 'L') {
      longName = cString(data, 0, size);
    } else {
      if (longName !== undefined) {
        name = longName;
        longName = undefined;
      }
      if (type === '0' || type === '\0') out.push({ path: name, data });
    }
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
  }
  return out;
}

/**
 * Unpacks a `.tar.gz` into `destDir` once: a marker file records that it is complete, so later
 * calls are free. Paths that would escape `destDir` are skipped.
 *
 * @example
 * ```ts
 * unpackTarGzOnce('../shared/datasets/nab/results/raw_null.tar.gz', '.cache/nab');
 * ```
 */
export function unpackTarGzOnce(archive: string, destDir: string): void {
  const marker = join(destDir, `.unpacked-${archive.split(/[\\/]/).pop() ?? 'archive'}`);
  if (existsSync(marker)) return;
  const entries = readTar(gunzipSync(readFileSync(archive)));
  for (const e of entries) {
    const rel = normalize(e.path);
    if (rel.startsWith('..') || rel.startsWith(sep)) continue;
    const target = join(destDir, rel);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, e.data);
  }
  mkdirSync(destDir, { recursive: true });
  writeFileSync(marker, `${entries.length} files\n`);
}
