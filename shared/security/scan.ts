/**
 * Secret scanning and redaction over any text: a log line, a multi-line record, a prompt about to be sent to an
 * LLM, an output file's content.
 *
 * One cheap test (SECRET_TRIGGER) decides whether a text can hold a secret at all; most log lines fail it and cost
 * one regular-expression scan. The rest go through the detectors in patterns.ts, whose overlapping candidates are
 * merged into disjoint findings: where two overlap, the union is kept, so a secret is never half-redacted.
 */
import { EMAIL_DETECTOR, IP_DETECTOR, IP_TRIGGER, KIND_PRIORITY, SECRET_DETECTORS, SECRET_TRIGGER } from './patterns.ts';
import { SECRET_KINDS } from './types.ts';
import type { RedactionResult, SecretFinding, SecretKind, SecretScanOptions } from './types.ts';

/** The defaults of SecretScanOptions. */
export const DEFAULT_SECRET_SCAN_OPTIONS: Required<SecretScanOptions> = {
  redactIps: false,
  redactEmails: true,
};

/**
 * The placeholder that replaces a secret of a kind in redacted text.
 * @example secretPlaceholder('JWT') // '<JWT>'
 */
export function secretPlaceholder(kind: SecretKind): string {
  return `<${kind}>`;
}

/**
 * Merges overlapping candidates into disjoint findings sorted by start. A merged finding covers the union of the
 * candidates, so no part of a secret is left behind, and takes the most specific kind among them (KIND_PRIORITY):
 * `token=eyJ…` is a JWT, `X-Amz-Credential=AKIA…/20240501/…` an AWS access key, `password=alice@example.com` a
 * password.
 */
function resolveFindings(candidates: SecretFinding[]): SecretFinding[] {
  if (candidates.length <= 1) return candidates;
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: SecretFinding[] = [];
  let current: SecretFinding | undefined;
  for (const c of candidates) {
    if (current !== undefined && c.start < current.end) {
      if (c.end > current.end) current.end = c.end;
      if (KIND_PRIORITY[c.kind] > KIND_PRIORITY[current.kind]) current.kind = c.kind;
      continue;
    }
    current = { kind: c.kind, start: c.start, end: c.end };
    out.push(current);
  }
  return out;
}

/**
 * Finds the secrets in a text.
 * @param text - any text; may span several lines.
 * @param options - which optional kinds (IP addresses, e-mail addresses) count; see DEFAULT_SECRET_SCAN_OPTIONS.
 * @returns the secrets' kinds and offsets, disjoint and sorted by start; empty when there are none.
 * @example
 * scanSecrets('login ok password=hunter2 user=bob');
 * // [{ kind: 'PASSWORD', start: 18, end: 25 }]
 */
export function scanSecrets(text: string, options: SecretScanOptions = {}): SecretFinding[] {
  const ips = options.redactIps ?? DEFAULT_SECRET_SCAN_OPTIONS.redactIps;
  const triggered = SECRET_TRIGGER.test(text);
  const mayHoldIp = ips && IP_TRIGGER.test(text);
  const keyBody = keyBodyLine(text);
  if (keyBody) return [keyBody];
  if (!triggered && !mayHoldIp) return [];
  const candidates: SecretFinding[] = [];
  if (triggered) {
    for (const detect of SECRET_DETECTORS) detect(text, candidates);
    if (options.redactEmails ?? DEFAULT_SECRET_SCAN_OPTIONS.redactEmails) EMAIL_DETECTOR(text, candidates);
  }
  if (mayHoldIp) IP_DETECTOR(text, candidates);
  return resolveFindings(candidates);
}

/**
 * A line that is nothing but base64: the body of a PEM block, seen without its BEGIN line. Full lines are long;
 * the last line of a body is short but ends in `=` padding.
 */
const KEY_BODY_LINE = /^\s*(?:[A-Za-z0-9+/]{40,}={0,2}|[A-Za-z0-9+/]{8,}={1,2})\s*$/;

/**
 * A text that is one line of base64 (40 characters or more, or 8 or more ending in `=` padding) with upper case,
 * lower case and digits in it is taken for a line of a private key's body: a log whose records are single lines cuts a PEM block into records, and the
 * lines after BEGIN no longer show what they are. Over-redacting a base64 payload line is the safer mistake.
 */
function keyBodyLine(text: string): SecretFinding | undefined {
  // Most lines have a space between words, which no line of base64 has: that test is far cheaper than the pattern.
  const start = text.length - text.trimStart().length;
  const inner = text.indexOf(' ', start);
  if (inner !== -1 && inner < text.trimEnd().length) return undefined;
  if (text.length < 9 || !KEY_BODY_LINE.test(text) || !/[A-Z]/.test(text) || !/[a-z]/.test(text) || !/\d/.test(text)) return undefined;
  return { kind: SECRET_KINDS.privateKey, start, end: text.trimEnd().length };
}

/**
 * Replaces each secret in a text by its typed placeholder (`<AWS_ACCESS_KEY>`, `<JWT>`, `<PASSWORD>`, `<EMAIL>`),
 * leaving the rest untouched: of a `password=…` pair only the value goes, of a URL only the password. Redacting
 * redacted text changes nothing.
 * @param text - any text; may span several lines.
 * @param options - which optional kinds (IP addresses, e-mail addresses) are redacted; see DEFAULT_SECRET_SCAN_OPTIONS.
 * @returns the redacted text (the same string when nothing was found) and the findings, offsets into `text`.
 * @example
 * redactSecrets('GET https://deploy:s3cr3t@git.example.com/repo.git').text;
 * // 'GET https://deploy:<PASSWORD>@git.example.com/repo.git'
 */
export function redactSecrets(text: string, options: SecretScanOptions = {}): RedactionResult {
  const findings = scanSecrets(text, options);
  if (findings.length === 0) return { text, findings };
  let out = '';
  let at = 0;
  for (const f of findings) {
    out += text.slice(at, f.start) + secretPlaceholder(f.kind);
    at = f.end;
  }
  out += text.slice(at);
  return { text: out, findings };
}
