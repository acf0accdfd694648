import type { Model } from 'mongoose';
import { batchWriterFor } from './batch-writer.js';
import { isDuplicateKeyError } from './is-duplicate-key-error.js';

/**
 * Inserts `doc` unless a document with its key already exists: true when this call inserted
 * it, false when the key was taken (by an earlier run, a retry, another replica). The one
 * exactly-once step everything else builds on — FerretDB 1.x has no atomic updates across
 * connections, but a unique key is unique everywhere.
 */
export async function insertOnce<T>(model: Model<T>, doc: object): Promise<boolean> {
  // Cast and validated as create() would (defaults filled in; no model has save hooks), then
  // inserted with whatever else is being inserted into the collection at this moment.
  const hydrated = new model(doc);
  await hydrated.validate();
  try {
    return await batchWriterFor(model.collection as never).insert(hydrated.toObject() as { _id: string });
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}
