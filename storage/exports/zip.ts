/**
 * A stored (uncompressed) zip of text files, built from Blob parts so a large file never sits in the JS heap
 * whole. Stored, not deflated: the files are small next to the JSONL log, and every unzip tool reads it. No
 * ZIP64: past 4 GiB it refuses with a clear error instead of writing a broken archive.
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** Running CRC-32 (the zip polynomial); start from 0. */
export function crc32(bytes: Uint8Array, previous = 0): number {
  let c = ~previous >>> 0;
  for (let i = 0; i < bytes.length; i++) c = (CRC_TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}

const LIMIT = 0xffffffff;
const encoder = new TextEncoder();

/** One file of the archive, filled a piece at a time. */
export class ZipEntry {
  readonly parts: Blob[] = [];
  crc = 0;
  size = 0;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  constructor(
    readonly name: string,
    private readonly flushBytes = 4_000_000,
  ) {}

  write(text: string): void {
    const bytes = encoder.encode(text);
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.length;
    if (this.size > LIMIT) throw new Error(`${this.name} is over 4 GB, more than a zip file can hold here`);
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= this.flushBytes) this.flush();
  }

  /** Hands buffered bytes to a Blob, which the browser may keep outside the JS heap. */
  flush(): void {
    if (this.pending.length > 0) this.parts.push(new Blob(this.pending as BlobPart[]));
    this.pending = [];
    this.pendingBytes = 0;
  }
}

/** DOS date and time fields of `iso` (UTC: zip has no time zone). */
function dosTime(iso: string): { time: number; date: number } {
  const d = new Date(iso);
  const year = Math.max(1980, d.getUTCFullYear());
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

/** The archive: local header and data per entry, then the central directory. */
export function zipBlob(entries: readonly ZipEntry[], modifiedAt: string, type = 'application/zip'): Blob {
  const { time, date } = dosTime(modifiedAt);
  const parts: BlobPart[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    entry.flush();
    const name = encoder.encode(entry.name);
    const local = new Uint8Array(30 + name.length);
    const v = new DataView(local.buffer);
    v.setUint32(0, 0x04034b50, true);
    v.setUint16(4, 20, true); // version needed: 2.0
    v.setUint16(6, 0x0800, true); // bit 11: the name is UTF-8
    v.setUint16(8, 0, true); // stored
    v.setUint16(10, time, true);
    v.setUint16(12, date, true);
    v.setUint32(14, entry.crc, true);
    v.setUint32(18, entry.size, true);
    v.setUint32(22, entry.size, true);
    v.setUint16(26, name.length, true);
    local.set(name, 30);

    const dir = new Uint8Array(46 + name.length);
    const c = new DataView(dir.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 20, true); // made by: 2.0, MS-DOS attributes
    c.setUint16(6, 20, true);
    c.setUint16(8, 0x0800, true);
    c.setUint16(10, 0, true);
    c.setUint16(12, time, true);
    c.setUint16(14, date, true);
    c.setUint32(16, entry.crc, true);
    c.setUint32(20, entry.size, true);
    c.setUint32(24, entry.size, true);
    c.setUint16(28, name.length, true);
    c.setUint32(42, offset, true);
    dir.set(name, 46);

    parts.push(local as BlobPart, ...entry.parts);
    central.push(dir);
    offset += local.length + entry.size;
    if (offset > LIMIT) throw new Error('the export is over 4 GB, more than a zip file can hold here');
  }
  const centralSize = central.reduce((n, d) => n + d.length, 0);
  const end = new Uint8Array(22);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, entries.length, true);
  e.setUint16(10, entries.length, true);
  e.setUint32(12, centralSize, true);
  e.setUint32(16, offset, true);
  return new Blob([...parts, ...(central as BlobPart[]), end as BlobPart], { type });
}
