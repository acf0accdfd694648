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
