import type { Bilingual } from '../cards/card-types.js';

/** A directory operation refused for a reason the person asking should read (both languages). */
export class DirectoryError extends Error {
  constructor(
    readonly code: 'unknown_person' | 'unknown_role' | 'unknown_unit' | 'invalid_file',
    readonly reason: Bilingual,
  ) {
    super(`${reason.zh} ${reason.en}`);
    this.name = 'DirectoryError';
  }
}
