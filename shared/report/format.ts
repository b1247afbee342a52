/** Number and time formatting shared by the server-rendered parts of the reports (all times in UTC). */

const INTEGER = new Intl.NumberFormat('en-US');

/** `1234567` → `1,234,567`; null → an en dash. */
export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '–' : INTEGER.format(n);
}

/** A count short enough for a tile: exact below 100,000, then `123.4K`, `2.01M`, `3.5B`. */
export function formatCompactCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  if (Math.abs(n) < 100_000) return INTEGER.format(n);
  const [value, unit] = Math.abs(n) < 1e6 ? [n / 1e3, 'K'] : Math.abs(n) < 1e9 ? [n / 1e6, 'M'] : [n / 1e9, 'B'];
  return `${Number(value.toPrecision(3))}${unit}`;
}

/** A size in binary units: `512` → `512 B`, `1536` → `1.5 KB`, `3221225472` → `3.0 GB`; undefined → empty. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** A share, 0 to 1, as a percentage: `0.3193` → `31.9%`. */
export function formatShare(ratio: number | null | undefined, digits = 1): string {
  return ratio === null || ratio === undefined || !Number.isFinite(ratio) ? '–' : `${(ratio * 100).toFixed(digits)}%`;
}

/** An ISO 8601 time as `2024-05-01 09:23:07` (UTC, seconds); null → an en dash. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * A duration in seconds as `41 min 46 s`, `2 h 05 min`, `3 d 4 h`, or with `compact` as `41m 46s`, `2h 05m`,
 * `3d 4h`; null → an en dash.
 */
export function formatDuration(seconds: number | null | undefined, compact = false): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–';
  const unit = (n: number | string, long: string, short: string): string => (compact ? `${n}${short}` : `${n} ${long}`);
  if (seconds < 1) return unit(Math.round(seconds * 1000), 'ms', 'ms');
  if (seconds < 60) return unit(seconds < 10 ? seconds.toFixed(1) : Math.round(seconds), 's', 's');
  const s = Math.round(seconds);
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (days > 0) return `${unit(days, 'd', 'd')} ${unit(hours, 'h', 'h')}`;
  if (hours > 0) return `${unit(hours, 'h', 'h')} ${unit(String(minutes).padStart(2, '0'), 'min', 'm')}`;
  return `${unit(minutes, 'min', 'm')} ${unit(String(s % 60).padStart(2, '0'), 's', 's')}`;
}

/** The time span of a log as `2024-05-01 09:00:01 → 09:41:47 UTC`, dropping the second date when it is the same day. */
export function formatSpan(first: string | null | undefined, last: string | null | undefined): string {
  if (!first || !last) return 'no timestamps';
  const a = formatTime(first);
  const b = formatTime(last);
  return `${a} → ${a.slice(0, 10) === b.slice(0, 10) ? b.slice(11) : b} UTC`;
}
