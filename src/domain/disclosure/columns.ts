/**
 * Growable typed arrays for tables held in columns (the public table of 10^7 figures, the columnar
 * suppression): one typed array per column instead of one object per row, so a table costs a few bytes per
 * cell and the garbage collector sees a handful of objects. Pure, no I/O.
 */

/** A column of code indexes: as narrow as the number of codes allows (most breakdowns have few). */
export type CodeColumn = Uint8Array | Uint16Array | Int32Array;

const grownSize = (capacity: number, needed: number) => Math.max(needed, capacity * 2, 16);

/** Numbers appended one by one into a Float64Array (doubling), read back trimmed. */
export class Float64Builder {
  private data = new Float64Array(16);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(grownSize(this.data.length, this.length + 1));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  /** The values pushed, in a copy of their exact length (the builder's spare capacity is let go). */
  finish(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** Small non-negative integers (flags, statuses) appended into a Uint8Array. */
export class Uint8Builder {
  private data = new Uint8Array(16);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint8Array(grownSize(this.data.length, this.length + 1));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  finish(): Uint8Array {
    return this.data.slice(0, this.length);
  }
}

/** Integers appended into an Int32Array; `array` is the live storage (its first `length` entries). */
export class Int32Builder {
  array = new Int32Array(16);
  length = 0;

  push(v: number): void {
    if (this.length === this.array.length) {
      const next = new Int32Array(grownSize(this.array.length, this.length + 1));
      next.set(this.array);
      this.array = next;
    }
    this.array[this.length++] = v;
  }

  finish(): Int32Array {
    return this.array.slice(0, this.length);
  }
}

/**
 * A column of strings stored as indexes into a dictionary: each distinct string is kept once (interned), the
 * column holds its index, in a Uint8Array while there are at most 256 codes, then Uint16Array, then Int32Array.
 */
export class CodeColumnBuilder {
  readonly codes: string[] = [];
  private readonly indexOf = new Map<string, number>();
  private data: CodeColumn = new Uint8Array(16);
  length = 0;

  push(code: string): void {
    let c = this.indexOf.get(code);
    if (c === undefined) {
      c = this.codes.length;
      this.codes.push(code);
      this.indexOf.set(code, c);
    }
    const limit =
      this.data instanceof Uint8Array ? 0x100 : this.data instanceof Uint16Array ? 0x10000 : 2 ** 31;
    if (this.length === this.data.length || this.codes.length > limit) this.grow();
    this.data[this.length++] = c;
  }

  private grow(): void {
    const size =
      this.length === this.data.length ? grownSize(this.data.length, this.length + 1) : this.data.length;
    const n = this.codes.length;
    const next: CodeColumn =
      n <= 0x100 ? new Uint8Array(size) : n <= 0x10000 ? new Uint16Array(size) : new Int32Array(size);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }

  /** The column trimmed to its length, and its codes (index → code). */
  finish(): { codes: string[]; column: CodeColumn } {
    return { codes: this.codes, column: this.data.slice(0, this.length) };
  }
}
