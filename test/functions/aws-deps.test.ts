import { afterEach, describe, expect, it } from 'vitest';
import { byteCountEnv } from '../../functions/lib/aws-deps.ts';

const saved = { ...process.env };

afterEach(() => {
  process.env = { ...saved };
});

describe('Function: byteCountEnv', () => {
  it('reads a whole number of bytes, and nothing when the variable is not set', () => {
    // Prepare
    process.env['MAX_OBJECT_BYTES'] = '4294967296';
    delete process.env['CHUNK_BYTES'];
    // Act & Assess
    expect(byteCountEnv('MAX_OBJECT_BYTES')).toBe(4_294_967_296);
    expect(byteCountEnv('CHUNK_BYTES')).toBeUndefined();
  });

  it.each(['', 'lots', '1.5', '-1', '0'])('refuses %j, naming the variable', (value) => {
    // Prepare
    process.env['MAX_OBJECT_BYTES'] = value;
    // Act & Assess
    expect(() => byteCountEnv('MAX_OBJECT_BYTES')).toThrow(`environment variable MAX_OBJECT_BYTES must be a positive whole number of bytes, got "${value}"`);
  });
});
