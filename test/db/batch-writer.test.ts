import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../src/db/connect-database.js';
import { BatchWriter, type BatchCollection } from '../../src/db/batch-writer.js';
import { testDatabaseUri } from '../helpers/test-database.js';

let conn: Connection;
beforeAll(async () => {
  conn = await connectDatabase(testDatabaseUri('batch'));
});
afterAll(async () => {
  await conn.dropDatabase();
  await conn.close();
});

/** The real collection, counting the commands sent to it. */
const counted = (name: string) => {
  const c = conn.db!.collection(name);
  const calls = { insertMany: 0, bulkWrite: 0 };
  const collection: BatchCollection = {
    insertMany: (docs, o) => (calls.insertMany++, c.insertMany(docs, o)),
    bulkWrite: (ops, o) => (calls.bulkWrite++, c.bulkWrite(ops as never, o)),
  };
  return { c, calls, collection };
};

describe('BatchWriter', () => {
  it('writes what callers insert at the same moment in one command, each told whether its key was free', async () => {
    const { c, calls, collection } = counted('bw_insert');
    await c.insertOne({ _id: 'k3' } as never);
    const w = new BatchWriter(collection);
    const answers = await Promise.all(['k1', 'k2', 'k3', 'k2', 'k4'].map((k, i) => w.insert({ _id: k, n: i })));
    expect(answers).toEqual([true, true, false, false, true]);
    expect(calls.insertMany).toBe(1);
    expect((await c.find({}).sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual(['k1', 'k2', 'k3', 'k4']);
    expect(await c.findOne({ _id: 'k2' } as never)).toMatchObject({ n: 1 });
  });

  it('a lone insert of a taken key answers false; a lone new one true', async () => {
    const { c, collection } = counted('bw_lone');
    await c.insertOne({ _id: 'taken' } as never);
    const w = new BatchWriter(collection);
    expect(await w.insert({ _id: 'taken' })).toBe(false);
    expect(await w.insert({ _id: 'free' })).toBe(true);
  });

  it('updates and deletes by _id made together go out as one bulk write, and all apply', async () => {
    const { c, calls, collection } = counted('bw_write');
    await c.insertMany(Array.from({ length: 30 }, (_, i) => ({ _id: `d${i}`, status: 'pending' })) as never[]);
    const w = new BatchWriter(collection);
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? w.delete(`d${i}`) : w.update(`d${i}`, { $set: { status: 'done' } }))));
    expect(calls.bulkWrite).toBe(1);
    expect(await c.countDocuments({})).toBe(20);
    expect(await c.countDocuments({ status: 'done' })).toBe(20);
  });

  it('leaves undefined fields out, as mongoose does, instead of storing them as null', async () => {
    const { c, collection } = counted('bw_undefined');
    const w = new BatchWriter(collection);
    await w.insert({ _id: 'u1', kept: 1, gone: undefined });
    await w.update('u1', { $set: { also: 2, notThis: undefined } });
    await w.upsert({ _id: 'u2', kept: 3, gone: undefined });
    expect(await c.findOne({ _id: 'u1' } as never)).toEqual({ _id: 'u1', kept: 1, also: 2 });
    expect(await c.findOne({ _id: 'u2' } as never)).toEqual({ _id: 'u2', kept: 3 });
  });

  it('splits what exceeds the largest batch into several commands', async () => {
    const { c, calls, collection } = counted('bw_split');
    const w = new BatchWriter(collection, 10);
    expect((await Promise.all(Array.from({ length: 25 }, (_, i) => w.insert({ _id: `s${i}` })))).every(Boolean)).toBe(true);
    expect(calls.insertMany).toBe(3);
    expect(await c.countDocuments({})).toBe(25);
  });

  it('an error other than a duplicate key reaches the caller it belongs to', async () => {
    const failing: BatchCollection = {
      insertMany: async () => {
        throw Object.assign(new Error('disk full'), { code: 14031 });
      },
      bulkWrite: async () => ({}),
    };
    const w = new BatchWriter(failing);
    await expect(w.insert({ _id: 'x' })).rejects.toThrow('disk full');
  });
});
