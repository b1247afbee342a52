/**
 * A binary form for what travels between the pipeline's Lambdas: a JSON header, then typed-array columns. Four
 * bytes give the header's length; each column starts on an 8-byte boundary, so it can be read back in place.
 */

import { NUMBER_SLOTS, type RecordRows } from '../detection/record-table.ts';

type Column = Float64Array | Float32Array | Int32Array | Uint8Array;

/** Takes the next column, of `length` elements of `kind`. */
type NextColumn = <T extends Column>(kind: new (buffer: ArrayBuffer, byteOffset?: number, length?: number) => T, length: number) => T;

/** The columns every record has besides its hash or template: what both binary forms store, in this order. */
export type SharedRecordColumns = Omit<RecordRows, 'size' | 'hash'>;

/** The shared columns of records, in the order they are stored. */
export function sharedRecordColumns(records: SharedRecordColumns): Column[] {
  return [records.timestampMs, records.line, records.lineCount, records.component, records.numbers, records.level];
}

/** Reads back what {@link sharedRecordColumns} gave, for `n` records. */
export function readSharedRecordColumns(next: NextColumn, n: number): SharedRecordColumns {
  return {
    timestampMs: next(Float64Array, n),
    line: next(Int32Array, n),
    lineCount: next(Int32Array, n),
    component: next(Int32Array, n),
    numbers: next(Float32Array, n * NUMBER_SLOTS),
    level: next(Uint8Array, n),
  };
}

/** Encodes a header and columns. */
export function encodeColumns(header: object, columns: readonly Column[]): Uint8Array {
  const json = Buffer.from(JSON.stringify(header));
  const start = align8(4 + json.length);
  const total = columns.reduce((at, column) => align8(at + column.byteLength), start);
  const out = new Uint8Array(total);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 4);
  let at = start;
  for (const column of columns) {
    out.set(new Uint8Array(column.buffer, column.byteOffset, column.byteLength), at);
    at = align8(at + column.byteLength);
  }
  return out;
}

/** Reads what {@link encodeColumns} wrote: the header, and a reader that takes the columns in order. */
export function decodeColumns<Header>(bytes: Uint8Array): { header: Header; next: NextColumn } {
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  const header = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 4, headerLength).toString('utf8')) as Header;
  let at = align8(4 + headerLength);
  return {
    header,
    next: (kind, length) => {
      const size = (kind as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
      const byteLength = length * size;
      // A view of the bytes where they are aligned for the column's type (a file read whole is); a copy where not.
      const offset = bytes.byteOffset + at;
      const column = offset % size === 0 ? new kind(bytes.buffer as ArrayBuffer, offset, length) : new kind(bytes.slice(at, at + byteLength).buffer);
      at = align8(at + byteLength);
      return column;
    },
  };
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
