import type { mongo } from 'mongoose';

type AnyBulkWriteOperation = mongo.AnyBulkWriteOperation;

/** The driver calls a batch writer makes (a mongoose model's `.collection` has them). */
export interface BatchCollection {
  insertMany(docs: never[], options: WriteOptions): Promise<unknown>;
  bulkWrite(ops: AnyBulkWriteOperation[], options: WriteOptions): Promise<unknown>;
}

/** Unordered (one bad document fails alone); undefined fields left out, as mongoose leaves them out, not stored as null. */
const WRITE_OPTIONS = { ordered: false, ignoreUndefined: true } as const;
type WriteOptions = typeof WRITE_OPTIONS;

interface Waiting<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

interface WriteErrorLike {
  index?: number;
  code?: number;
  errmsg?: string;
  err?: { index?: number; code?: number; errmsg?: string };
}

/** The write errors of a failed unordered batch, by index (the driver gives one or many). */
function writeErrorsOf(err: unknown): Map<number, WriteErrorLike> | null {
  const raw = (err as { writeErrors?: WriteErrorLike | WriteErrorLike[] }).writeErrors;
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const byIndex = new Map<number, WriteErrorLike>();
  for (const w of list) {
    const index = w.index ?? w.err?.index;
    if (index === undefined) return null;
    byIndex.set(index, w);
  }
  return byIndex.size > 0 ? byIndex : null;
}

const codeOf = (w: WriteErrorLike) => w.code ?? w.err?.code;

/**
 * Groups the single-document writes that callers make at the same moment into one command per
 * kind: inserts into one unordered insertMany, updates, replacements and deletes by `_id` into one
 * bulkWrite.
 * Each caller still gets its own answer (an insert learns whether its key was taken). On FerretDB
 * a command's fixed cost dwarfs a document's (measured on this machine: insertOne 0.8 ms, a
 * document of a 50-document insertMany 0.1 ms; updateOne 1.5 ms, in a bulk of 50 0.5 ms), so
 * under a burst the database does a fraction of the work; alone, a write goes out on the next
 * turn of the event loop. Only writes by `_id` alone, which FerretDB 1.x looks up by index.
 */
export class BatchWriter {
  private inserts: Waiting<object, boolean>[] = [];
  private writes: Waiting<AnyBulkWriteOperation, void>[] = [];
  private scheduled = false;

  constructor(
    private readonly collection: BatchCollection,
    private readonly maxBatch = 200,
  ) {}

  /** Inserts `doc`: true when this call stored it, false when its `_id` was already there. */
  insert<D extends { _id: string }>(doc: D): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.inserts.push({ item: doc, resolve, reject });
      this.schedule();
    });
  }

  /** Applies `update` to the document with this `_id` (none: nothing happens, or with `upsert` it is created). */
  update(id: string, update: Record<string, unknown>, upsert = false): Promise<void> {
    return this.write({ updateOne: { filter: { _id: id } as never, update, ...(upsert ? { upsert } : {}) } });
  }

  /** Replaces the document with this `_id` by `doc` (inserting it when there is none). */
  upsert<D extends { _id: string }>(doc: D): Promise<void> {
    return this.write({ replaceOne: { filter: { _id: doc._id } as never, replacement: doc as never, upsert: true } });
  }

  /** Deletes the document with this `_id`, if there is one. */
  delete(id: string): Promise<void> {
    return this.write({ deleteOne: { filter: { _id: id } as never } });
  }

  private write(op: AnyBulkWriteOperation): Promise<void> {
    return new Promise((resolve, reject) => {
      this.writes.push({ item: op, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const inserts = this.inserts.splice(0, this.maxBatch);
      const writes = this.writes.splice(0, this.maxBatch);
      if (this.inserts.length > 0 || this.writes.length > 0) this.schedule();
      if (inserts.length > 0) void this.flushInserts(inserts);
      if (writes.length > 0) void this.flushWrites(writes);
    });
  }

  private async flushInserts(batch: Waiting<object, boolean>[]): Promise<void> {
    try {
      await this.collection.insertMany(batch.map((w) => w.item) as never[], WRITE_OPTIONS);
      for (const w of batch) w.resolve(true);
    } catch (err) {
      const errors = writeErrorsOf(err);
      if (!errors) {
        // A lone duplicate may come back as a plain error with code 11000.
        if (batch.length === 1 && (err as { code?: number }).code === 11000) return batch[0]!.resolve(false);
        for (const w of batch) w.reject(err);
        return;
      }
      batch.forEach((w, i) => {
        const e = errors.get(i);
        if (!e) w.resolve(true);
        else if (codeOf(e) === 11000) w.resolve(false);
        else w.reject(Object.assign(new Error(e.errmsg ?? e.err?.errmsg ?? 'insert failed'), { code: codeOf(e) }));
      });
    }
  }

  private async flushWrites(batch: Waiting<AnyBulkWriteOperation, void>[]): Promise<void> {
    try {
      await this.collection.bulkWrite(
        batch.map((w) => w.item),
        WRITE_OPTIONS,
      );
      for (const w of batch) w.resolve();
    } catch (err) {
      const errors = writeErrorsOf(err);
      if (!errors) {
        for (const w of batch) w.reject(err);
        return;
      }
      batch.forEach((w, i) => {
        const e = errors.get(i);
        if (!e) w.resolve();
        else w.reject(Object.assign(new Error(e.errmsg ?? e.err?.errmsg ?? 'write failed'), { code: codeOf(e) }));
      });
    }
  }
}

const writers = new WeakMap<BatchCollection, BatchWriter>();

/** The one batch writer of a collection in this process (so every caller's writes share its batches). */
export function batchWriterFor(collection: BatchCollection): BatchWriter {
  let w = writers.get(collection);
  if (!w) writers.set(collection, (w = new BatchWriter(collection)));
  return w;
}
