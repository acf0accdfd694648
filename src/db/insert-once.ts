import type { Model } from 'mongoose';
import { isDuplicateKeyError } from './is-duplicate-key-error.js';

/**
 * Inserts `doc` unless a document with its key already exists: true when this call inserted
 * it, false when the key was taken (by an earlier run, a retry, another replica). The one
 * exactly-once step everything else builds on — FerretDB 1.x has no atomic updates across
 * connections, but a unique key is unique everywhere.
 */
export async function insertOnce<T>(model: Model<T>, doc: object): Promise<boolean> {
  try {
    await model.create(doc);
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}
