/** A stretch of time on duty, in epoch milliseconds or as dates. */
export interface Span {
  start: number | Date;
  end: number | Date;
}

const ms = (t: number | Date) => (typeof t === 'number' ? t : t.getTime());

/**
 * The rest rule (连班): one person may not be on two shifts that overlap or touch — a shift
 * ending at 17:30 and another starting at 17:30 are back to back. The roster generator and the
 * swap service both ask here, so a swap can never make what generation forbids.
 */
export function shiftsClash(a: Span, b: Span): boolean {
  return ms(a.start) <= ms(b.end) && ms(b.start) <= ms(a.end);
}

/** The first of `theirs` (other shifts of one person) that `shift` clashes with, if any. */
export function firstClash<S extends Span>(shift: Span, theirs: readonly S[]): S | undefined {
  return theirs.find((s) => shiftsClash(shift, s));
}
