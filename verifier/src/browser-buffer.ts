/**
 * The part of Node's Buffer the pure core uses, for the browser build
 * (injected by scripts/build-verifier.ts wherever the core says `Buffer`):
 * from/alloc/concat/of, hex, base64 and UTF-8 text, equals and the
 * big-endian integer reads and writes. A Uint8Array underneath, so
 * subarray and slice return this class too.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- Node's Buffer statics are looser than Uint8Array's */

type Encoding = 'utf8' | 'utf-8' | 'hex' | 'base64' | undefined;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

class BrowserBuffer extends Uint8Array {
  static override from(value: any, encoding?: any): any {
    if (typeof value === 'string') return BrowserBuffer.fromString(value, encoding);
    if (value instanceof ArrayBuffer) return new BrowserBuffer(value);
    const src: Uint8Array = value instanceof Uint8Array ? value : Uint8Array.from(value as ArrayLike<number>);
    const out = new BrowserBuffer(src.length);
    out.set(src);
    return out;
  }

  static alloc(size: number, fill = 0): BrowserBuffer {
    return new BrowserBuffer(size).fill(fill) as BrowserBuffer;
  }

  static override of(...bytes: number[]): any {
    return BrowserBuffer.from(bytes);
  }

  static concat(list: readonly Uint8Array[]): BrowserBuffer {
    const out = new BrowserBuffer(list.reduce((n, b) => n + b.length, 0));
    let at = 0;
    for (const b of list) {
      out.set(b, at);
      at += b.length;
    }
    return out;
  }

  static isBuffer(v: unknown): boolean {
    return v instanceof BrowserBuffer;
  }

  private static fromString(text: string, encoding: Encoding): BrowserBuffer {
    if (encoding === 'hex') {
      // As Node: decoding stops at the first pair that is not hex.
      const out: number[] = [];
      for (let i = 0; i + 1 < text.length; i += 2) {
        const pair = text.slice(i, i + 2);
        if (!/^[0-9a-fA-F]{2}$/.test(pair)) break;
        out.push(parseInt(pair, 16));
      }
      return BrowserBuffer.from(out);
    }
    if (encoding === 'base64') {
      // Callers that care (signed notes) re-encode and compare, so a non-canonical spelling cannot pass.
      let binary: string;
      try {
        binary = atob(text.replace(/[^A-Za-z0-9+/=]/g, ''));
      } catch {
        return new BrowserBuffer(0);
      }
      const out = new BrowserBuffer(binary.length);
      for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
      return out;
    }
    return BrowserBuffer.from(new TextEncoder().encode(text));
  }

  override toString(encoding?: Encoding): string {
    if (encoding === 'hex') {
      let s = '';
      for (const b of this) s += HEX[b];
      return s;
    }
    if (encoding === 'base64') {
      let binary = '';
      for (let i = 0; i < this.length; i += 0x8000) binary += String.fromCharCode(...this.subarray(i, i + 0x8000));
      return btoa(binary);
    }
    return new TextDecoder().decode(this);
  }

  equals(other: Uint8Array): boolean {
    if (other.length !== this.length) return false;
    for (let i = 0; i < this.length; i++) if (this[i] !== other[i]) return false;
    return true;
  }

  private view(): DataView {
    return new DataView(this.buffer, this.byteOffset, this.byteLength);
  }

  readUInt32BE(offset = 0): number {
    return this.view().getUint32(offset);
  }

  writeUInt32BE(value: number, offset = 0): number {
    this.view().setUint32(offset, value);
    return offset + 4;
  }

  readBigUInt64BE(offset = 0): bigint {
    return this.view().getBigUint64(offset);
  }

  writeBigUInt64BE(value: bigint, offset = 0): number {
    this.view().setBigUint64(offset, value);
    return offset + 8;
  }
}

export { BrowserBuffer as Buffer };
