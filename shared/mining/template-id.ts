/** Template ids: a hash of the template text, so the same template has the same id in every run and chunk. */
import { createHash } from 'node:crypto';

/**
 * The id of a template: the first 16 hex digits of the SHA-256 of its text.
 * @example templateId('PacketResponder <*> for block <*> terminating') // stable across runs and machines
 */
export function templateId(template: string): string {
  return createHash('sha256').update(template, 'utf8').digest('hex').slice(0, 16);
}
