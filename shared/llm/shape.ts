/** Small readers of provider answers, shared by the clients; anything unexpected is an LlmResponseError. */
import { LlmResponseError } from '../errors.ts';

/**
 * The provider's answer as a JSON object, typed as the caller reads it (every field still to be checked).
 * @throws LlmResponseError when it is not an object
 * @internal
 */
export function answerObject<T extends object>(provider: string, json: unknown): T {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new LlmResponseError(provider, 'answer is not a JSON object');
  return json as T;
}

/**
 * The answer's text: a string that is not blank.
 * @throws LlmResponseError naming the field when it is missing, not a string, or blank
 * @internal
 */
export function answerText(provider: string, value: unknown, field: string): string {
  if (value === undefined || value === null) throw new LlmResponseError(provider, `answer has no ${field}`);
  if (typeof value !== 'string') throw new LlmResponseError(provider, `answer's ${field} is a ${typeof value}, not a string`);
  if (value.trim() === '') throw new LlmResponseError(provider, `answer's ${field} is empty`);
  return value;
}

/**
 * A token count as reported, or 0 when the provider left it out (or sent something that is not a count).
 * @internal
 */
export function tokenCount(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
}
