/** Code-unit arrays for the scanners that read a line from its batch's array (see readCodedLineBatches). */

/**
 * `text` laid out in a Uint16Array at `base`, every other unit `filler` repeated: a scanner that reads outside the
 * text then reads digits and punctuation, not zeros, and shows it.
 */
export function placedText(text: string, base: number, filler = '9:.]'): Uint16Array {
  const units = new Uint16Array(base + text.length + 32);
  for (let i = 0; i < units.length; i++) units[i] = filler.charCodeAt(i % filler.length);
  for (let i = 0; i < text.length; i++) units[base + i] = text.charCodeAt(i);
  return units;
}
