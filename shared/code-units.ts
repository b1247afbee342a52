/**
 * A string's UTF-16 code units in a typed array, for the scanners that read every character of every record (the
 * header parser, the ISO time reader, the masker, the number reader) when the reader has not laid out the line's
 * batch (readCodedLineBatches). One native copy, then plain array reads: a fraction of what charCodeAt costs. The
 * array is one scratch space, shared and reused: it holds the last string given until the next call, and a string
 * given again right after is not copied again. So a scanner holding it calls nothing that copies another string.
 */

let bytes = Buffer.allocUnsafe(8192);
let units = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
let last = '';

/**
 * The code units of `text`, in `[0, text.length)` of the returned array; valid until the next call.
 * @example const units = codeUnitsOf(message); for (let i = 0; i < message.length; i++) if (units[i] === 61) …
 */
export function codeUnitsOf(text: string): Uint16Array {
  if (text.length === last.length && text === last) return units;
  if (2 * text.length > bytes.length) {
    bytes = Buffer.allocUnsafe(2 * Math.max(text.length, bytes.length));
    units = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
  }
  bytes.write(text, 0, 'utf16le');
  last = text;
  return units;
}
