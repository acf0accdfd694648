import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../src/db/connect-database.js';
import { claimWork } from '../../src/db/claims.js';
import { claimModel, type ClaimModel } from '../../src/models/claim.js';
import { testDatabaseUri } from '../helpers/test-database.js';

let conn: Connection;
let claims: ClaimModel;
beforeAll(async () => {
  conn = await connectDatabase(testDatabaseUri('claims'));
  claims = claimModel(conn);
});
afterAll(async () => {
  await conn.dropDatabase();
  await conn.close();
});

const LEASE = 60_000;
const ago = (ms: number) => new Date(Date.now() - ms);
const claimsOf = async (prefix: string) => (await claims.find({ _id: { $regex: `^${prefix}:` } }).lean()).map((c) => c._id).sort();

describe('claimWork: the stored record is the claim of the first attempt', () => {
  it('the process that stored the work runs attempt 1 without writing a claim, while it is fresh', async () => {
    expect(await claimWork(claims, 'w:fresh', { attempts: 0, storedAt: ago(1000), held: 'here' }, 'me', new Date(), LEASE)).toBe(1);
    expect(await claimsOf('w:fresh')).toEqual([]);
  });

  it('past half the lease, the storing process claims attempt 2 as a taker would, so only one of them runs', async () => {
    const storedAt = ago(LEASE / 2 + 1000);
    expect(await claimWork(claims, 'w:late', { attempts: 0, storedAt, held: 'here' }, 'me', new Date(), LEASE)).toBe(2);
    expect(await claimsOf('w:late')).toEqual(['w:late:2']);
    // Another process that found it stranded, once the record's hold is over: attempt 2 is taken.
    const later = new Date(storedAt.getTime() + LEASE + 1000);
    expect(await claimWork(claims, 'w:late', { attempts: 0, storedAt, held: 'stranded' }, 'other', later, LEASE)).toBeNull();
  });

  it('stranded work is left to its writer until the hold is over, then taken over from attempt 2, once', async () => {
    expect(await claimWork(claims, 'w:str', { attempts: 0, storedAt: ago(5000), held: 'stranded' }, 'b', new Date(), LEASE)).toBeNull();
    expect(await claimsOf('w:str')).toEqual([]);
    const work = { attempts: 0, storedAt: ago(LEASE + 1000), held: 'stranded' as const };
    const [a, b] = await Promise.all([claimWork(claims, 'w:str', work, 'b', new Date(), LEASE), claimWork(claims, 'w:str', work, 'c', new Date(), LEASE)]);
    expect([a, b].sort()).toEqual([2, null]);
  });

  it('work queued by a process that does not hold it (and every retry) goes through the claims from its next attempt', async () => {
    const open = { attempts: 0, storedAt: new Date(), held: 'open' as const };
    const [a, b] = await Promise.all([claimWork(claims, 'w:open', open, 'b', new Date(), LEASE), claimWork(claims, 'w:open', open, 'c', new Date(), LEASE)]);
    expect([a, b].sort()).toEqual([1, null]);
    expect(await claimWork(claims, 'w:retry', { attempts: 1, storedAt: new Date(), held: 'here' }, 'me', new Date(), LEASE)).toBe(2);
    expect(await claimsOf('w:retry')).toEqual(['w:retry:2']);
  });
});
