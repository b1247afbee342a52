/** A verdict cache in memory, for tests and benchmarks that need one without files or tables. */
import type { Verdict, VerdictCache } from '../../shared/classify/index.ts';

/** A VerdictCache over a Map, which is exposed so a test can look inside. */
export function memoryVerdictCache(): VerdictCache & { readonly entries: Map<string, Verdict> } {
  const entries = new Map<string, Verdict>();
  return { entries, get: async (key) => entries.get(key), set: async (key, verdict) => void entries.set(key, verdict) };
}
