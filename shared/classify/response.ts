/**
 * Reading a model's answer as a verdict: JSON that follows VERDICT_SCHEMA (also inside a code fence or after some
 * prose), or the line format `CLASSIFICATION: … / REASON: … / TAGS: …` that older prompts asked for.
 */
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../detection/types.ts';

const ANSWER = z.object({
  classification: z.enum(['normal', 'anomaly']),
  severity: z.enum(SEVERITIES).optional(),
  reason: z.string().min(1),
  tags: z.array(z.string()).default([]),
});

/** A verdict as a model gave it. */
export interface ParsedAnswer {
  readonly classification: 'normal' | 'anomaly';
  readonly severity: Severity | undefined;
  readonly reason: string;
  readonly tags: string[];
}

/** The answer, or why it could not be read (for the repair request). */
export type ParseResult = { readonly ok: true; readonly answer: ParsedAnswer } | { readonly ok: false; readonly problem: string };

/** Reads a model's answer. */
export function parseAnswer(text: string): ParseResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, problem: 'the answer was empty' };
  const json = extractJson(trimmed);
  if (json !== undefined) {
    const parsed = ANSWER.safeParse(normaliseKeys(json));
    if (parsed.success) return { ok: true, answer: { ...parsed.data, severity: parsed.data.severity, tags: normaliseTags(parsed.data.tags) } };
    return { ok: false, problem: parsed.error.issues.map((i) => `${i.path.join('.') || 'answer'}: ${i.message}`).join('; ') };
  }
  const lines = parseLineFormat(trimmed);
  if (lines) return { ok: true, answer: lines };
  return { ok: false, problem: 'the answer was neither a JSON object nor CLASSIFICATION/REASON/TAGS lines' };
}

/** The first JSON object in the text: the whole text, a fenced block, or the outermost braces. */
function extractJson(text: string): unknown {
  const candidates = [text, /```(?:json)?\s*([\s\S]*?)```/i.exec(text)?.[1], text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)];
  for (const candidate of candidates) {
    if (!candidate || !candidate.trim().startsWith('{')) continue;
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // try the next form
    }
  }
  return undefined;
}

function normaliseKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key.toLowerCase()] = typeof v === 'string' && key.toLowerCase() === 'classification' ? v.toLowerCase().trim() : v;
  if (typeof out['severity'] === 'string') out['severity'] = (out['severity'] as string).toLowerCase();
  return out;
}

function parseLineFormat(text: string): ParsedAnswer | undefined {
  const field = (name: string): string | undefined => new RegExp(`^\\s*\\**${name}\\**\\s*:\\s*(.+)$`, 'im').exec(text)?.[1]?.trim();
  const classification = field('classification')?.toLowerCase().replace(/[^a-z]/g, '');
  const reason = field('reason');
  if ((classification !== 'normal' && classification !== 'anomaly') || !reason) return undefined;
  const severity = field('severity')?.toLowerCase();
  return {
    classification,
    severity: (SEVERITIES as readonly string[]).includes(severity ?? '') ? (severity as Severity) : undefined,
    reason,
    tags: normaliseTags((field('tags') ?? '').split(/[,;]/)),
  };
}

/** Tags in kebab-case, without blanks or repeats, at most eight. */
function normaliseTags(tags: readonly string[]): string[] {
  const clean = tags.map((t) => t.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')).filter((t) => t.length > 0 && t.length <= 40);
  return [...new Set(clean)].slice(0, 8);
}
