// Joins class names, skipping falsy ones. No conflict resolution: a caller's className is
// appended last, so pass classes that add to the primitive rather than fight it.
export function cx(...classes: Array<string | false | null | undefined>): string {
  return classes.filter(Boolean).join(" ");
}
