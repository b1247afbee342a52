/** What the constructs that hand events to a target (an EventBridge rule, an EventBridge Scheduler schedule) share. */
import { wholeNumberProblem } from './problems.ts';

/**
 * Why `retryAttempts` is no retry count EventBridge accepts for a target (a whole number from 0 to 185), or undefined
 * when it is one.
 */
export function retryAttemptsProblem(retryAttempts: number): string | undefined {
  return wholeNumberProblem('retryAttempts', retryAttempts, 0, 185);
}
