import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/**
 * Where attachments are kept: files under `<GOVDESK_DATA_DIR>/attachments/<ticket>/`, named by
 * the message they came in and Lark's key (so a redelivery writes the same file again). Written
 * to a temporary name and renamed, so a crash never leaves half a file under the real name.
 */
export class AttachmentStore {
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = resolve(dataDir, 'attachments');
  }

  /** The path (relative to the store) a file of this ticket and message is kept under. */
  pathFor(ticket: string, messageId: string, key: string): string {
    const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 120);
    return join(safe(ticket), `${safe(messageId)}-${safe(key)}`);
  }

  async write(path: string, bytes: Buffer): Promise<void> {
    const full = this.full(path);
    await mkdir(dirname(full), { recursive: true });
    const tmp = `${full}.${process.pid}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, full);
  }

  /** The file's bytes, or null when it is not there (any more). */
  async read(path: string): Promise<Buffer | null> {
    try {
      return await readFile(this.full(path));
    } catch {
      return null;
    }
  }

  private full(path: string): string {
    const full = resolve(this.root, path);
    if (!full.startsWith(`${this.root}/`)) throw new Error(`attachment path outside the store: ${path}`);
    return full;
  }
}
