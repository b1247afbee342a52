import { describe, expect, it } from 'vitest';
import { hashMaskedMessage, hashString, lastMaskedMessage, maskMessage, maskToken, maskTokenFast, maskTokens, tokenize } from '../../../shared/mining/masking.ts';
import { placedText } from '../../helpers/code-units.ts';

describe('Function: maskToken', () => {
  it.each([
    // numbers
    ['3579', '<*>'],
    ['-127633188', '<*>'],
    ['43.20', '<*>'],
    ['2005.11.09', '<*>'],
    ['#12', '#<*>'],
    // hex and hashes
    ['0x7fed806eb5d', '<*>'],
    ['@0x7fed806eb5d', '@<*>'],
    ['9f86d081884c7d65', '<*>'],
    ['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', '<*>'],
    // IPs and ports
    ['10.251.73.220:50010', '<*>'],
    ['/10.250.19.102:54106', '<*>'],
    ['192.168.0.1,', '<*>,'],
    ['fe80::1ff:fe23:4567:890a', '<*>'],
    // UUIDs
    ['123e4567-e89b-12d3-a456-426614174000', '<*>'],
    // paths and URLs
    ['/var/log/app/server.log', '<*>'],
    ['C:\\Windows\\winsxs\\cbscore.dll', '<*>'],
    ['https://api.example.com/v1/orders?id=7', '<*>'],
    ['(hdfs://namenode:9000/user/data)', '(<*>)'],
    // durations and sizes with units
    ['23ms', '<*>'],
    ['1.5s', '<*>'],
    ['512KB', '<*>'],
    ['3GiB', '<*>'],
    ['40%', '<*>'],
    // versions
    ['v6.1.7601.23505', '<*>'],
    // key=value and other numbers inside tokens
    ['uid=0', 'uid=<*>'],
    ['HWID=1973)', 'HWID=<*>)'],
    ['node-246', 'node-<*>'],
    ['onExtend:1514038530000', 'onExtend:<*>'],
    ['00000001@2016/9/27:20:30:31.455', '<*>@<*>/<*>/<*>:<*>:<*>:<*>'],
    // quantities, hex literals and hex ids inside tokens, as values of keys
    ['took=618ms', 'took=<*>'],
    ['total-vm:5957054kB,', 'total-vm:<*>,'],
    ['(xid=0x1e7c7339)', '(xid=<*>)'],
    ['SHA256:9d6de37291749308c8d7', 'SHA256:<*>'],
    ['id=<6d86786aafb6@acme.com>', 'id=<<*>@acme.com>'],
    ['x=1.5ms', 'x=<*>'],
    ['12.34abc', '<*>.34abc'],
    ['cafe=deadbeef', 'cafe=deadbeef'],
    // ids joined by underscores are one id
    ['blk_-6952295868487656571', '<*>'],
    ['appattempt_1445144423722_0020_000001', '<*>'],
    // words and names stay
    ['PacketResponder', 'PacketResponder'],
    ['alt0', 'alt0'],
    ["'safety'", "'safety'"],
    ['user=root', 'user=root'],
  ])('masks %s as %s', (token, expected) => {
    // Act
    const masked = maskToken(token);
    // Assess
    expect(masked).toBe(expected);
  });
});

describe('Function: tokenize', () => {
  it('splits on runs of whitespace and trims', () => {
    // Act
    const tokens = tokenize('  Received block  blk_1 of size\t67108864 ');
    // Assess
    expect(tokens).toEqual(['Received', 'block', 'blk_1', 'of', 'size', '67108864']);
  });

  it.each([
    ['connection from 1.2.3.4 at Fri Jun 17 07:07:00 2005', 'Fri Jun 17 07:07:00 2005'],
    ['timed out at Sat Jun 18 02:23:10 2005 again', 'Sat Jun 18 02:23:10 2005'],
    ['last seen Jun  9 06:06:20 by cron', 'Jun 9 06:06:20'],
    ['started 2024-05-01 12:00:00,123 ok', '2024-05-01 12:00:00,123'],
  ])('keeps the date in "%s" as one token', (message, date) => {
    // Act
    const tokens = tokenize(message);
    // Assess
    expect(tokens).toContain(date);
    expect(maskToken(date)).toBe('<*>');
  });

  it('leaves a month name that starts no date alone', () => {
    // Act
    const tokens = tokenize('May the service start');
    // Assess
    expect(tokens).toEqual(['May', 'the', 'service', 'start']);
  });

  it('returns no tokens for an empty message', () => {
    expect(tokenize('   ')).toEqual([]);
  });
});

describe('Function: hashMaskedMessage', () => {
  it.each([
    'Received block blk_-6952295868487656571 of size 67108864 from /10.251.73.220:50010',
    'connection from 24.54.76.216 (24-54-76-216.bflony.adelphia.net) at Fri Jun 17 07:07:00 2005',
    'started 2024-05-01 12:00:00,123 ok',
    '  leading and\u00a0non-breaking\tspaces  ',
    'Mar is a word here, not a date',
    '',
    'GET /api/v1/orders/41457 HTTP/1.1 200 13876 354ms',
  ])('equals the hash of the masked text for %j', (message) => {
    expect(hashMaskedMessage(message)).toBe(hashString(maskMessage(message)));
  });

  it('hashes a message at the end of a line, read from the line\'s code units at any base, as the message alone', () => {
    // Prepare
    const header = '2024-05-01T00:00:00Z INFO [main] app: ';
    const messages = generatedTokens(3_000, 5).map((token, i) => `took ${token} at step ${i}`);
    messages.push('', 'connection at Fri Jun 17 07:07:00 2005 from 10.0.0.1', 'größe=12 in 7µs');
    // Act: the line placed among characters that would change a token's masking if a scan read them.
    const fillers = ['9:.]', '%x ', '0/_', 'ms'];
    const differing = messages.filter((message, i) => {
      const line = header + message;
      const inPlace = hashMaskedMessage(line, header.length, placedText(line, i % 7, fillers[i % fillers.length]), i % 7);
      return inPlace !== hashMaskedMessage(message) || hashMaskedMessage(line, header.length) !== inPlace;
    });
    // Assess
    expect(differing).toEqual([]);
    hashMaskedMessage(header + 'took 618ms', header.length);
    expect(lastMaskedMessage()).toBe('took <*>');
  });

  it('leaves the masked text of the message it hashed last, the fast way or the slow way (a date over several words)', () => {
    // Prepare
    const messages = ['took 618ms for user 12', 'connection at Fri Jun 17 07:07:00 2005 from 10.0.0.1', 'plain words only', ''];
    // Act
    const left = messages.map((message) => {
      hashMaskedMessage(message);
      return lastMaskedMessage();
    });
    // Assess
    expect(left).toEqual(messages.map((message) => maskMessage(message)));
  });

  it('differs for messages whose masked texts differ', () => {
    expect(hashMaskedMessage('disk full on /dev/sda1')).not.toBe(hashMaskedMessage('disk empty on /dev/sda1'));
    expect(hashMaskedMessage('retry 1 of 3')).toBe(hashMaskedMessage('retry 2 of 5'));
  });
});

/** A small seedable generator, so that the generated cases are the same in every run. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
}

/** Tokens made of the pieces the value rules and the inner-number rule look at, joined at random. */
function generatedTokens(count: number, seed: number): string[] {
  const pieces = [
    '1', '12', '123', '1234', '.', ':', '/', '-', '+', '_', '=', 'a', 'ab', 'x', 'X', 'v', 'V', 'ms', 'KB', 'GiB', '%', '0x',
    'f', 'e3b0c442', 'd', 'kB', '<*>', '<', '>', '(', ')', '[', ']', ',', '"', "'", '@', '#', 'fe80', '::', '10.0.0.1', 'blk', 'C:\\',
    '\\', '://', 'http', '..', '2005-11-09', 'µs', 'é', '123e4567-e89b-12d3-a456-426614174000',
  ];
  const random = lcg(seed);
  return Array.from({ length: count }, () => {
    let token = '';
    const length = 1 + Math.floor(random() * 6);
    for (let i = 0; i < length; i++) token += pieces[Math.floor(random() * pieces.length)];
    return token;
  });
}

describe('Function: maskTokenFast', () => {
  it.each([
    '3579', '-127633188', '43.20', '2005.11.09', '#12', '0x7fed806eb5d', '@0x7fed806eb5d', '9f86d081884c7d65',
    '10.251.73.220:50010', '/10.250.19.102:54106', '192.168.0.1,', 'fe80::1ff:fe23:4567:890a', '12:30:45',
    '123e4567-e89b-12d3-a456-426614174000', '/var/log/app/server.log', 'C:\\Windows\\winsxs\\cbscore.dll',
    'https://api.example.com/v1/orders?id=7', '(hdfs://namenode:9000/user/data)', '23ms', '1.5s', '512KB', '3GiB', '40%',
    '7µs', 'v6.1.7601.23505', 'uid=0', 'HWID=1973)', 'node-246', 'onExtend:1514038530000', '00000001@2016/9/27:20:30:31.455',
    'blk_-6952295868487656571', 'appattempt_1445144423722_0020_000001', 'alt0', 'user=root', '12.34abc', 'a=-5', 'x<*>_1',
    'took=618ms', 'HTTP/1.1"', 'id=<6d86786aafb6@acme.com>', 'SHA256:02b0babd7fd6f8ef69cb', 'größe=12', '../a/b', '.../a/b',
    '//a/b', '/a//b', '/a', 'a/b/c', '+', '-', '1..2', '1.2.', 'v1', 'V1.2', '0x', '0X1F', 'e3b0c4429', 'e3b0c44',
  ])('masks %s as maskToken does', (token) => {
    // Act
    const fast = maskTokenFast(token);
    // Assess
    expect(fast).toBe(maskToken(token));
  });

  it('agrees with maskToken on generated tokens', () => {
    // Prepare
    const tokens = generatedTokens(20_000, 7);
    // Act
    const differing = tokens.filter((token) => maskTokenFast(token) !== maskToken(token));
    // Assess
    expect(differing).toEqual([]);
  });
});

describe('Function: maskMessage', () => {
  it('joins the rules\' masked tokens with single spaces, for generated messages', () => {
    // Prepare
    const tokens = generatedTokens(6_000, 11);
    const messages = Array.from({ length: 2_000 }, (_, i) => `${tokens[3 * i]} word\t${tokens[3 * i + 1]}  ${tokens[3 * i + 2]} `);
    // Act
    const differing = messages.filter((message) => maskMessage(message) !== maskTokens(tokenize(message)).join(' '));
    // Assess
    expect(differing).toEqual([]);
  });

  it('masks a date written over several words as one variable', () => {
    expect(maskMessage('connection at Fri Jun 17 07:07:00 2005 from 10.0.0.1')).toBe('connection at <*> from <*>');
  });
});

describe('Function: hashString', () => {
  it('tells apart texts that differ in one character, at either parity, or in length', () => {
    // Prepare
    const texts = ['', 'a', 'b', 'ab', 'ba', 'abc', 'abd', 'abcd', 'abce', 'a\u0000', 'GET <*> took=5ms', 'GET <*> took=6ms', 'Γειά <*>'];
    // Act
    const hashes = new Set(texts.map(hashString));
    // Assess
    expect(hashes.size).toBe(texts.length);
  });

  it('equals hashMaskedMessage for generated messages', () => {
    // Prepare
    const tokens = generatedTokens(3_000, 13);
    const messages = Array.from({ length: 1_000 }, (_, i) => `${tokens[3 * i]} ${tokens[3 * i + 1]} x ${tokens[3 * i + 2]}`);
    // Act
    const differing = messages.filter((message) => hashMaskedMessage(message) !== hashString(maskMessage(message)));
    // Assess
    expect(differing).toEqual([]);
  });
});
