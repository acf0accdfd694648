import { batchWriterFor } from './batch-writer.js';
import type { ClaimDoc, ClaimModel } from '../models/claim.js';

/**
 * Claims `key` once, across processes and replicas. True for the one caller that got it. A plain
 * driver insert (the row is fully formed here), batched with the claims made at the same moment:
 * it runs for every event and every send.
 */
export function claimOnce(claims: ClaimModel, key: string, owner: string, at: Date): Promise<boolean> {
  return batchWriterFor(claims.collection as never).insert<ClaimDoc>({ _id: key, owner, at });
}

/**
 * Claims attempt `from` of `prefix` (`<prefix>:<n>`). If that attempt is already claimed but
 * its claim is older than `leaseMs` (its owner died between claiming and recording the
 * attempt), moves on to the next attempt number. Returns the attempt claimed, or null when a
 * live owner holds it.
 */
export async function claimAttempt(
  claims: ClaimModel,
  prefix: string,
  from: number,
  owner: string,
  now: Date,
  leaseMs: number,
): Promise<number | null> {
  for (let attempt = from; attempt < from + 20; attempt++) {
    const key = `${prefix}:${attempt}`;
    if (await claimOnce(claims, key, owner, now)) return attempt;
    const existing = (await claims.collection.findOne({ _id: key } as never)) as ClaimDoc | null;
    if (!existing || existing.at.getTime() + leaseMs > now.getTime()) return null;
  }
  return null;
}

/**
 * Where a piece of stored work (an accepted event, a stored message) was found:
 * - `here`: this process stored its record a moment ago and holds it in memory;
 * - `stranded`: queued again because its record still waits (its writer may have died, or may
 *   still hold it in memory);
 * - `open`: queued by a process that does not hold it (no room, shut down, stored by the CLI).
 */
export type WorkHeld = 'here' | 'stranded' | 'open';

/**
 * Claims the next attempt of stored work. Storing the record (an insert that only one process
 * wins) is itself the claim of attempt 1 for the process that stored it, for `leaseMs` from the
 * moment it was stored: so the common path — work run at once by the process that accepted it —
 * writes no claim (one insert less per event and per message; on FerretDB every command counts).
 *
 * - `here`, started within half the lease: attempt 1, no claim written. Started later: the
 *   record's hold is running out, so it claims attempt 2 like anyone else would.
 * - `stranded`, first attempt: its writer may still be running it until the hold has run out
 *   (null before that); then attempt 2 onwards, through the claims.
 * - `open`, and every retry: the next attempt through the claims (`claimAttempt`).
 *
 * Between a `here` start (before half the lease) and a takeover (after the whole lease) the
 * writer has at least half the lease to finish, as a claimed attempt has its whole lease.
 */
export async function claimWork(
  claims: ClaimModel,
  prefix: string,
  work: { attempts: number; storedAt: Date; held: WorkHeld },
  owner: string,
  now: Date,
  leaseMs: number,
): Promise<number | null> {
  if (work.attempts > 0 || work.held === 'open') return claimAttempt(claims, prefix, work.attempts + 1, owner, now, leaseMs);
  const age = now.getTime() - work.storedAt.getTime();
  if (work.held === 'here' && age < leaseMs / 2) return 1;
  if (work.held === 'stranded' && age < leaseMs) return null;
  return claimAttempt(claims, prefix, 2, owner, now, leaseMs);
}
