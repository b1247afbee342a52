/**
 * The built-in classifier: a deterministic verdict from severity, error indicators and the detectors' evidence,
 * with no network and no model. It is the default when no LLM is configured, and every verdict it gives says so
 * (`provider: 'builtin'`).
 */
import type { Candidate, Verdict } from './types.ts';

/** The model name the built-in rules report; bumped when the rules change. */
export const BUILTIN_MODEL = 'rules-v1';

/** Detectors whose finding is an anomaly whatever the severity: something changed in how the system behaves. */
const BEHAVIOUR_DETECTORS = new Set(['flood', 'burst', 'silence', 'drift', 'security']);

/** Words of a template that point at an area, for tags. */
const AREA_WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(?:db|database|sql|jdbc|postgres\w*|mysql|mongo\w*|redis|hikari\w*|connection pool|transaction)\b/i, 'database'],
  [/\b(?:refused|connection reset|unreachable|timed? ?out|timeout|dns|socket|tcp|upstream|gateway|dial)\b/i, 'network'],
  [/\b(?:injection|attack|intrusion|exploit|malware|xss|csrf|firewall)\b/i, 'security'],
  [/\b(?:password|login|logged|auth\w*|denied|unauthori[sz]ed|forbidden|sshd|credential|token)\b/i, 'authentication'],
  [/\b(?:out of memory|oom\w*|memory|heap|disk|space|quota|exhausted|full|too many open files)\b/i, 'resource-exhaustion'],
  [/\b(?:slow|latency|took|duration|queue|backlog|lag)\b/i, 'performance'],
  [/\b(?:config\w*|setting|property|missing key|invalid value)\b/i, 'configuration'],
  [/\b(?:panic|exception|error|stack ?trace|fatal|segfault|crash\w*)\b/i, 'application-error'],
  [/\b(?:kernel|cpu|lockup|hardware|device|nvme|ext4|io error)\b/i, 'hardware'],
];

/** The built-in verdict on a candidate. */
export function builtinVerdict(candidate: Candidate): Verdict {
  const detectors = candidate.evidence.map((e) => e.detector);
  const behaviour = detectors.some((d) => BEHAVIOUR_DETECTORS.has(d));
  const serious = candidate.severity === 'high' || candidate.severity === 'critical';
  const anomaly = behaviour || serious || candidate.score >= 0.7;
  const tags = [...new Set([...AREA_WORDS.filter(([words]) => words.test(candidate.template)).map(([, tag]) => tag), ...detectors])];
  const because = candidate.evidence.map((e) => `${e.detector}: ${e.explanation}`).join('; ');
  const indicators = candidate.errorIndicators.length > 0 ? ` The template says ${candidate.errorIndicators.map((w) => `"${w}"`).join(', ')}.` : '';
  const reason = anomaly
    ? `${capitalise(candidate.severity)}-severity ${behaviour ? 'change in behaviour' : 'event'}${candidate.component ? ` in ${candidate.component}` : ''}. ${because}.${indicators}`
    : `Unusual but harmless by the rules: ${because}; its severity is ${candidate.severity} and no behaviour changed.${indicators}`;
  return { classification: anomaly ? 'anomaly' : 'normal', severity: candidate.severity, reason, tags, provider: 'builtin', model: BUILTIN_MODEL };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
