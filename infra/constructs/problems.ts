/** Checks of construct props that no type can make: each gives the problem in words, or undefined when there is none. */

/** Why `value`, the prop `name`, is not a whole number from `min` to `max`; undefined when it is one. */
export function wholeNumberProblem(name: string, value: number, min: number, max: number): string | undefined {
  return Number.isInteger(value) && value >= min && value <= max ? undefined : `${name} must be a whole number from ${min} to ${max}, got ${value}`;
}
