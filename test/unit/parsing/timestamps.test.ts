import { describe, expect, it } from 'vitest';
import { matchTimestampAt, scanIso8601, TIMESTAMP_PATTERNS, type TimestampContext } from '../../../shared/parsing/timestamps.ts';
import { placedText } from '../../helpers/code-units.ts';

/** A fixed year for the forms that leave it out, so the expected values do not depend on today's date. */
const ctx: TimestampContext = { referenceYear: 2023 };

/** Index of a pattern by its name, failing loudly when the name is unknown. */
function patternIndex(name: string): number {
  const index = TIMESTAMP_PATTERNS.findIndex((p) => p.name === name);
  if (index < 0) throw new Error(`no timestamp pattern named ${name}`);
  return index;
}

describe('Function: matchTimestampAt', () => {
  // text, pattern name, epoch ms (UTC), whether the text carries its zone
  const golden: ReadonlyArray<readonly [string, string, number, boolean]> = [
    // ISO 8601 with a zone
    ['2024-05-01T12:00:00Z', 'iso8601', Date.UTC(2024, 4, 1, 12, 0, 0), true],
    ['2024-05-01T12:00:00.123Z', 'iso8601', Date.UTC(2024, 4, 1, 12, 0, 0, 123), true],
    ['2024-05-01T12:00:00.123+02:00', 'iso8601', Date.UTC(2024, 4, 1, 10, 0, 0, 123), true],
    ['2024-05-01 12:00:00-0500', 'iso8601', Date.UTC(2024, 4, 1, 17, 0, 0), true],
    ['2024-05-01T23:30:00+05:30', 'iso8601', Date.UTC(2024, 4, 1, 18, 0, 0), true],
    ['2024-12-31T22:00:00-03:00', 'iso8601', Date.UTC(2025, 0, 1, 1, 0, 0), true],
    ['2024-05-01T12:00:00.123456789Z', 'iso8601', Date.UTC(2024, 4, 1, 12, 0, 0, 123), true],
    // ISO 8601 without a zone: UTC is assumed
    ['2024-05-01T12:00:00', 'iso8601', Date.UTC(2024, 4, 1, 12, 0, 0), false],
    ['2015-10-18 18:01:47,978', 'iso8601', Date.UTC(2015, 9, 18, 18, 1, 47, 978), false],
    ['2015-10-18 18:01:47.978', 'iso8601', Date.UTC(2015, 9, 18, 18, 1, 47, 978), false],
    ['2016-09-28 04:30:30', 'iso8601', Date.UTC(2016, 8, 28, 4, 30, 30), false],
    ['2024/05/01 12:00:00.5', 'iso8601', Date.UTC(2024, 4, 1, 12, 0, 0, 500), false],
    // syslog, with the reference year
    ['Dec 10 06:55:46', 'syslog', Date.UTC(2023, 11, 10, 6, 55, 46), false],
    ['Jun  9 06:06:20', 'syslog', Date.UTC(2023, 5, 9, 6, 6, 20), false],
    ['Nov 9 12:01:01', 'syslog', Date.UTC(2023, 10, 9, 12, 1, 1), false],
    ['Dec 10 2015 06:55:46', 'syslog', Date.UTC(2015, 11, 10, 6, 55, 46), false],
    // Apache error log and ctime
    ['[Sun Dec 04 04:47:44 2005]', 'ctime', Date.UTC(2005, 11, 4, 4, 47, 44), false],
    ['Wed Jun 15 14:53:32 2005', 'ctime', Date.UTC(2005, 5, 15, 14, 53, 32), false],
    // Common Log Format
    ['[10/Oct/2000:13:55:36 -0700]', 'clf', Date.UTC(2000, 9, 10, 20, 55, 36), true],
    ['[10/Oct/2000:13:55:36 +0000]', 'clf', Date.UTC(2000, 9, 10, 13, 55, 36), true],
    // yy/MM/dd HH:mm:ss (Spark)
    ['17/06/09 20:10:40', 'yy/MM/dd HH:mm:ss', Date.UTC(2017, 5, 9, 20, 10, 40), false],
    // MM-dd HH:mm:ss.SSS (Android logcat), with the reference year
    ['12-10 06:55:46.123', 'MM-dd HH:mm:ss.SSS', Date.UTC(2023, 11, 10, 6, 55, 46, 123), false],
    // yyMMdd HHmmss (HDFS)
    ['081109 203615', 'yyMMdd HHmmss', Date.UTC(2008, 10, 9, 20, 36, 15), false],
    // yyyyMMdd-HH:mm:ss:SSS (HealthApp), where the milliseconds may lose their leading zeros
    ['20171223-22:15:29:606', 'yyyyMMdd-HH:mm:ss', Date.UTC(2017, 11, 23, 22, 15, 29, 606), false],
    ['20171223-22:15:30:12', 'yyyyMMdd-HH:mm:ss', Date.UTC(2017, 11, 23, 22, 15, 30, 12), false],
    ['20171224-1:2:3:4', 'yyyyMMdd-HH:mm:ss', Date.UTC(2017, 11, 24, 1, 2, 3, 4), false],
    // a bare date
    ['2005.11.09', 'yyyy.MM.dd', Date.UTC(2005, 10, 9), false],
    // epoch seconds, with a fraction, and epoch milliseconds
    ['1131566461', 'epoch', Date.UTC(2005, 10, 9, 20, 1, 1), true],
    ['1131566461.5', 'epoch', Date.UTC(2005, 10, 9, 20, 1, 1, 500), true],
    ['1131566461.123456', 'epoch', Date.UTC(2005, 10, 9, 20, 1, 1, 123), true],
    ['1131566461123', 'epoch', Date.UTC(2005, 10, 9, 20, 1, 1, 123), true],
    // a time of day alone
    ['06:55:46.123', 'HH:mm:ss', Date.UTC(1970, 0, 1, 6, 55, 46, 123), false],
  ];

  it.each(golden)('parses %s as %s to its exact UTC epoch milliseconds', (text, name, ms, hasZone) => {
    // Prepare
    const expected = { patternIndex: patternIndex(name), end: text.length, ms, hasZone };

    // Act
    const match = matchTimestampAt(text, 0, ctx);

    // Assess
    expect(match).toEqual(expected);
  });

  const notATime: ReadonlyArray<readonly [string, string]> = [
    ['1234', 'a short number'],
    ['9999999999', 'epoch seconds after 2040'],
    ['0946684799', 'epoch seconds before 2000'],
    ['9999999999999', 'epoch milliseconds after 2040'],
    ['2024-13-01 12:00:00', 'month 13'],
    ['2024-00-10T08:00:00Z', 'month 0'],
    ['2024-04-31T08:00:00Z', 'the 31st of a 30-day month'],
    ['2023-02-30 08:00:00', 'the 30th of February'],
    ['Feb 30 10:00:00', 'the 30th of February without a year'],
    ['Jun 31 10:00:00', 'the 31st of June without a year'],
    ['Dec 32 06:55:46', 'day 32'],
    ['Dec 10 24:00:00', 'hour 24'],
    ['Dec 10 06:60:00', 'minute 60'],
    ['[Sun Dez 04 04:47:44 2005]', 'an unknown month name'],
    ['[10/Foo/2000:13:55:36 -0700]', 'an unknown month name in CLF'],
    ['17/13/09 20:10:40', 'month 13 in yy/MM/dd'],
    ['13-10 06:55:46.123', 'month 13 in MM-dd'],
    ['081309 203615', 'month 13 in yyMMdd'],
    ['081109 253615', 'hour 25 in HHmmss'],
    ['20171323-22:15:29:606', 'month 13 in yyyyMMdd'],
    ['2005.13.09', 'month 13 in a bare date'],
    ['25:00:00', 'hour 25 in a time of day'],
    ['INFO starting', 'a word'],
    ['', 'an empty string'],
  ];

  it.each(notATime)('finds no time in %s (%s)', (text) => {
    // Prepare
    const offset = 0;

    // Act
    const match = matchTimestampAt(text, offset, ctx);

    // Assess
    expect(match).toBeUndefined();
  });

  it('accepts the 29th of February of a leap year', () => {
    // Prepare
    const text = '2024-02-29T23:59:59Z';

    // Act
    const match = matchTimestampAt(text, 0, ctx);

    // Assess
    expect(match?.ms).toBe(Date.UTC(2024, 1, 29, 23, 59, 59));
  });

  it('matches at the given offset only, and ends where the time ends', () => {
    // Prepare
    const line = 'INFO 2024-05-01T12:00:00Z worker: started';

    // Act
    const atStart = matchTimestampAt(line, 0, ctx);
    const atTime = matchTimestampAt(line, 5, ctx);

    // Assess
    expect(atStart).toBeUndefined();
    expect(atTime).toEqual({ patternIndex: patternIndex('iso8601'), end: 25, ms: Date.UTC(2024, 4, 1, 12), hasZone: true });
    expect(line.slice(atTime!.end)).toBe(' worker: started');
  });

  it('tries only the named pattern when one is given', () => {
    // Prepare
    const line = '081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 terminating';

    // Act
    const asIso = matchTimestampAt(line, 0, ctx, patternIndex('iso8601'));
    const asHdfs = matchTimestampAt(line, 0, ctx, patternIndex('yyMMdd HHmmss'));

    // Assess
    expect(asIso).toBeUndefined();
    expect(asHdfs?.ms).toBe(Date.UTC(2008, 10, 9, 20, 36, 15));
  });

  it('prefers a date-time over the bare date at its start', () => {
    // Prepare
    const line = '2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster';

    // Act
    const match = matchTimestampAt(line, 0, ctx);

    // Assess
    expect(TIMESTAMP_PATTERNS[match!.patternIndex]!.name).toBe('iso8601');
    expect(match!.end).toBe(23);
  });

  it('reads the first of several times and stops at the following space', () => {
    // Prepare
    const line = '1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root';

    // Act
    const epoch = matchTimestampAt(line, 0, ctx);
    const date = matchTimestampAt(line, 11, ctx);
    const syslog = matchTimestampAt(line, 28, ctx);

    // Assess
    expect(epoch).toMatchObject({ patternIndex: patternIndex('epoch'), end: 10, ms: Date.UTC(2005, 10, 9, 20, 1, 1) });
    expect(date).toMatchObject({ patternIndex: patternIndex('yyyy.MM.dd'), end: 21, ms: Date.UTC(2005, 10, 9) });
    expect(syslog).toMatchObject({ patternIndex: patternIndex('syslog'), end: 42, ms: Date.UTC(2023, 10, 9, 12, 1, 1) });
  });

  it('takes the year of year-less forms from the context', () => {
    // Prepare
    const other: TimestampContext = { referenceYear: 2005 };

    // Act
    const syslog = matchTimestampAt('Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown', 0, other);
    const logcat = matchTimestampAt('03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogs', 0, other);

    // Assess
    expect(syslog?.ms).toBe(Date.UTC(2005, 5, 14, 15, 16, 1));
    expect(logcat?.ms).toBe(Date.UTC(2005, 2, 17, 16, 13, 38, 811));
  });

  it('does not read a longer number as an epoch', () => {
    // Prepare
    const lines = ['11315664611 bytes', '1131566461123456 requests', '1131566461.5.2 version'];

    // Act
    const matches = lines.map((line) => matchTimestampAt(line, 0, ctx));

    // Assess
    expect(matches).toEqual([undefined, undefined, undefined]);
  });
});

describe('Function: matchTimestampAt, edge forms', () => {
  it('takes a year-less time from the year before when it would be later than the latest plausible time', () => {
    // Prepare: a December syslog line read on 2024-01-05.
    const ctx = { referenceYear: 2024, latestMs: Date.UTC(2024, 0, 6) };
    // Act
    const december = matchTimestampAt('Dec 31 23:59:59 host cron[1]: ran', 0, ctx);
    const january = matchTimestampAt('Jan  5 08:00:00 host cron[1]: ran', 0, ctx);
    // Assess
    expect(december?.ms).toBe(Date.UTC(2023, 11, 31, 23, 59, 59));
    expect(january?.ms).toBe(Date.UTC(2024, 0, 5, 8, 0, 0));
  });

  it.each([
    ['[2024-05-01 12:00:00] started', Date.UTC(2024, 4, 1, 12, 0, 0), 21],
    ['[10.30 16:49:06] chrome.exe', Date.UTC(2023, 9, 30, 16, 49, 6), 16],
  ])('reads a time wrapped in brackets: %s', (line, ms, end) => {
    // Act
    const m = matchTimestampAt(line, 0, { referenceYear: 2023 });
    // Assess
    expect(m?.ms).toBe(ms);
    expect(m?.end).toBe(end);
  });

  it('does not take a bracket that does not close right after the time', () => {
    expect(matchTimestampAt('[2024-05-01 12:00:00 started]', 0, { referenceYear: 2023 })).toBeUndefined();
  });

  it('reads the level letter of a glog time', () => {
    // Act
    const m = matchTimestampAt('E1103 10:15:32.323456  1235 conn.cc:140] reset', 0, { referenceYear: 2023 });
    // Assess
    expect(m).toMatchObject({ ms: Date.UTC(2023, 10, 3, 10, 15, 32, 323), level: 'E', hasZone: false });
  });
});

describe('Function: scanIso8601', () => {
  const iso = TIMESTAMP_PATTERNS.find((p) => p.name === 'iso8601')!;

  /** The regex's reading, the definition the fast path must agree with. */
  function byRegex(line: string): { end: number; ms: number; hasZone: boolean } | undefined {
    iso.regex.lastIndex = 0;
    const m = iso.regex.exec(line);
    if (!m) return undefined;
    const ms = iso.toMs(m, { referenceYear: 2023 });
    return ms === undefined ? undefined : { end: m[0].length, ms, hasZone: iso.hasZone(m) };
  }

  const dates = ['2024-05-01', '2024/05/01', '2024-02-30', '2023-13-01'];
  const times = ['T12:00', ' 12:00:59', 'T23:59:60', ' 24:00:00', 'T12:00:0'];
  const fractions = ['', '.5', ',978', '.123456789', '.1234567890', '.'];
  const zones = ['', 'Z', '+02:00', '-0530', '+2', 'z'];
  const tails = ['', ' INFO x', ':x', '5', 'Zulu'];
  const lines = dates.flatMap((d) => times.flatMap((t) => fractions.flatMap((f) => zones.flatMap((z) => tails.map((tail) => d + t + f + z + tail)))));

  it(`agrees with the iso8601 regex wherever it answers, on ${lines.length} shapes`, () => {
    // Act
    const disagreements = lines.filter((line) => {
      const fast = scanIso8601(line, 0);
      return fast !== undefined && JSON.stringify({ end: fast.end, ms: fast.ms, hasZone: fast.hasZone }) !== JSON.stringify(byRegex(line));
    });
    // Assess
    expect(disagreements).toEqual([]);
  });

  const full = '2024-05-01T12:00:00.123+02:00';
  const prefixes = Array.from({ length: full.length + 1 }, (_, i) => full.slice(0, i));

  it('agrees with the iso8601 regex on every prefix of a full time, so it never reads past the end of a line', () => {
    // Act
    const disagreements = prefixes.filter((line) => {
      const fast = scanIso8601(line, 0);
      return fast !== undefined && JSON.stringify({ end: fast.end, ms: fast.ms, hasZone: fast.hasZone }) !== JSON.stringify(byRegex(line));
    });
    // Assess
    expect(disagreements).toEqual([]);
    expect(scanIso8601(full.slice(0, 15), 0)).toBeUndefined();
  });

  it('reads a time from code units at any base as from the line, whatever the array holds past the line', () => {
    // Prepare: every shape and every prefix of a full time, each followed in its array by digits and colons.
    const texts = [...lines, ...prefixes];
    // Act
    const differing = ['9:.]', '0', ':', 'Z', '.5'].flatMap((filler) =>
      texts.filter((line) => JSON.stringify(scanIso8601(line, 0, placedText(line, 5, filler), 5)) !== JSON.stringify(scanIso8601(line, 0))),
    );
    // Assess
    expect(differing).toEqual([]);
    expect(scanIso8601('2024-05-01T12:00:00', 0, placedText('2024-05-01T12:00:00', 3), 3)?.end).toBe(19);
  });

  it.each(['2024-05-01T12:00:00.123Z app', '2015-10-18 18:01:47,978 INFO', '2024/05/01 12:00:00+02:00 x', '2016-09-28 04:30:30, Info'])(
    'reads the common shape %j itself',
    (line) => {
      expect(scanIso8601(line, 0)).toEqual({ patternIndex: TIMESTAMP_PATTERNS.indexOf(iso), ...byRegex(line) });
    },
  );

  it('gives matchTimestampAt the regex result where it declines', () => {
    // Prepare: a malformed zone, which the regex skips to match up to the seconds.
    const line = '2024-05-01 12:00:00+2 x';
    // Act
    const m = matchTimestampAt(line, 0, { referenceYear: 2023 }, TIMESTAMP_PATTERNS.indexOf(iso));
    // Assess
    expect(scanIso8601(line, 0)).toBeUndefined();
    expect(m && { end: m.end, ms: m.ms, hasZone: m.hasZone }).toEqual(byRegex(line));
  });
});
