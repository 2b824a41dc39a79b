/** A set of documents by position, as a bitset (filters: which documents a query may return). */
export class DocSet {
  readonly bits: Uint32Array;
  constructor(
    readonly size: number,
    bits?: Uint32Array,
  ) {
    this.bits = bits ?? new Uint32Array((size + 31) >>> 5);
  }
  static all(size: number): DocSet {
    const set = new DocSet(size);
    set.bits.fill(0xffffffff);
    if (size % 32) set.bits[set.bits.length - 1] = (1 << size % 32) - 1;
    return set;
  }
  has(d: number): boolean {
    return (this.bits[d >>> 5]! & (1 << (d & 31))) !== 0;
  }
  add(d: number): this {
    this.bits[d >>> 5]! |= 1 << (d & 31);
    return this;
  }
  delete(d: number): this {
    this.bits[d >>> 5]! &= ~(1 << (d & 31));
    return this;
  }
  /** A new set: this one and `other`. */
  and(other: DocSet): DocSet {
    const out = new Uint32Array(this.bits.length);
    for (let i = 0; i < out.length; i++) out[i] = this.bits[i]! & other.bits[i]!;
    return new DocSet(this.size, out);
  }
  /** A new set: this one or `other`. */
  or(other: DocSet): DocSet {
    const out = new Uint32Array(this.bits.length);
    for (let i = 0; i < out.length; i++) out[i] = this.bits[i]! | other.bits[i]!;
    return new DocSet(this.size, out);
  }
  clone(): DocSet {
    return new DocSet(this.size, this.bits.slice());
  }
  count(): number {
    let n = 0;
    for (let i = 0; i < this.bits.length; i++) {
      let x = this.bits[i]!;
      x -= (x >>> 1) & 0x55555555;
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      n += (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return n;
  }
}
