import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DEFAULT_DATA_DIR, type Env } from '../../../kernel/config';

/**
 * The storage port of the files customers download (O10): objects by key, read whole or by a
 * byte range (inclusive bounds), as a stream. The file-system adapter serves development and
 * tests; an S3-compatible adapter implements the same three calls with HeadObject and
 * GetObject's `Range: bytes=start-end` (README "Downloads").
 */
export interface FileStorage {
  /** Size and last change of an object; null when there is none. */
  stat(key: string): Promise<{ size: number; modifiedAt: Date } | null>;
  /** The object's bytes, or those of one range, as a stream: never the whole object in memory. */
  read(key: string, range?: { start: number; end: number }): Promise<Readable>;
  /** Stores an object from a stream (seeding, publishing a release); readers never see it half written. */
  write(key: string, source: Readable): Promise<void>;
  /** Where the objects are, for logs and the README. */
  readonly describe: string;
}

/** Keys are relative paths of letters, digits, dots, dashes and underscores: nothing climbs out of the root. */
const KEY = /^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

export class FileSystemStorage implements FileStorage {
  readonly describe: string;

  constructor(private readonly root: string) {
    this.describe = `files in ${root}`;
  }

  private file(key: string): string {
    if (!KEY.test(key) || key.split('/').some((part) => part === '..' || part === '.')) throw new Error(`not a storage key: ${key}`);
    return path.join(this.root, key);
  }

  async stat(key: string): Promise<{ size: number; modifiedAt: Date } | null> {
    try {
      const stats = await fs.promises.stat(this.file(key));
      return stats.isFile() ? { size: stats.size, modifiedAt: stats.mtime } : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Readable> {
    // 64 KiB reads: a few chunks in flight per download, whatever the file's size.
    const stream = fs.createReadStream(this.file(key), { ...(range ? { start: range.start, end: range.end } : {}), highWaterMark: 64 * 1024 });
    // Open errors (a file removed under the link) surface before the first byte is promised.
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return stream;
  }

  async write(key: string, source: Readable): Promise<void> {
    const target = this.file(key);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    // Written beside, then renamed: a reader (or a second writer) never sees half a file.
    const partial = `${target}.${randomUUID()}.partial`;
    try {
      await pipeline(source, fs.createWriteStream(partial));
      await fs.promises.rename(partial, target);
    } catch (error) {
      await fs.promises.rm(partial, { force: true });
      throw error;
    }
  }
}

/** FILE_STORAGE_DIR, by default `files/` in the data directory (.data/files under `npm start`). */
export function fileStorageFromEnv(env: Env): FileStorage {
  const dataDir = env.DATA_DIR ? path.resolve(env.DATA_DIR) : DEFAULT_DATA_DIR;
  return new FileSystemStorage(env.FILE_STORAGE_DIR ? path.resolve(env.FILE_STORAGE_DIR) : path.join(dataDir, 'files'));
}
