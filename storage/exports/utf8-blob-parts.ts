/** Bytes a part is written up to before it becomes a Blob. */
export const PART_BYTES = 4 * 1024 * 1024;

/**
 * Text to UTF-8 Blob parts, a few MB each. Each written string is encoded at once into one reused buffer
 * (`encodeInto`), so it dies young: holding MBs of strings until a Blob is made from them kept them alive
 * through several minor GCs and cost more than the encoding. A lone surrogate in a string becomes U+FFFD, as in
 * `new Blob(strings)`, so the bytes are the same as a Blob of the strings written.
 */
export class Utf8BlobParts {
  private parts: Blob[] = [];
  private readonly buffer: Uint8Array<ArrayBuffer>;
  private used = 0;
  private readonly encoder = new TextEncoder();

  constructor(partBytes = PART_BYTES) {
    this.buffer = new Uint8Array(partBytes);
  }

  write(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8 (a surrogate pair, 2 units, takes 4).
    if (this.used + text.length * 3 > this.buffer.length) {
      this.flush();
      if (text.length * 3 > this.buffer.length) {
        this.parts.push(new Blob([this.encoder.encode(text)]));
        return;
      }
    }
    this.used += this.encoder.encodeInto(text, this.buffer.subarray(this.used)).written;
  }

  /** The Blob constructor copies the bytes, so the buffer is written again from the start. */
  flush(): void {
    if (this.used === 0) return;
    this.parts.push(new Blob([this.buffer.subarray(0, this.used)]));
    this.used = 0;
  }

  blob(type: string): Blob {
    this.flush();
    return new Blob(this.parts, { type });
  }

  clear(): void {
    this.parts = [];
    this.used = 0;
  }
}
