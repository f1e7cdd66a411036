// What the mirror knows of the files it wrote: for each key, the object's ETag and size, and the
// file as it was written (inode, size, modification time). An object is skipped on the next run
// when the listing gives the same size and ETag and the file is still that very file.
//
// Why a record rather than hashing the local file: an ETag is the MD5 of the bytes only for an
// object uploaded in one part without SSE-KMS; a multipart upload's ETag is the MD5 of its parts'
// MD5s ("...-12"), which cannot be recomputed without knowing the part size the uploader chose.
// So the ETag a download came with is written down. A local file the record does not know (the
// run crashed between the rename and the record's flush, or `aws s3 sync` wrote it) is hashed
// when the listed ETag is a plain MD5 and it has the right size; otherwise it is fetched again.
//
// The record is a journal, one JSON line per file written, appended in batches: a torn last line
// (a crash while appending) is ignored, and the last line of a key wins. It lives in
// DIR/.sparkify-mirror/, which no bucket name can reach (a bucket name cannot start with a dot).

import { createHash } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const STATE_DIR = '.sparkify-mirror';

interface Entry {
  /** The object's ETag, quotes included, as S3 gives it. */
  etag: string;
  size: number;
  ino: number;
  mtimeMs: number;
}

/** An MD5 ETag of an object uploaded in one part: 32 hex digits in quotes. */
const SINGLE_PART_ETAG = /^"([0-9a-f]{32})"$/;

export class MirrorRecord {
  private pending: string[] = [];

  private constructor(
    private readonly file: string,
    private readonly entries: Map<string, Entry>,
  ) {}

  /** The record of one bucket under `outDir`, read from its journal (empty when there is none). */
  static async open(outDir: string, bucket: string): Promise<MirrorRecord> {
    const dir = join(outDir, STATE_DIR);
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${bucket}.jsonl`);
    const entries = new Map<string, Entry>();
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const line of text.split('\n')) {
      try {
        const { key, ...entry } = JSON.parse(line) as Entry & { key: string };
        if (typeof key === 'string' && typeof entry.etag === 'string') entries.set(key, entry);
      } catch {
        // a torn line: that file is checked again
      }
    }
    return new MirrorRecord(file, entries);
  }

  /**
   * True when the local file (its lstat, or undefined when there is none) is the object the listing
   * describes: recorded with this ETag and size and unchanged since, or, unrecorded, of this size
   * and with this MD5.
   */
  async holds(key: string, size: number, etag: string | undefined, path: string, stats: Stats | undefined): Promise<boolean> {
    if (!stats?.isFile() || stats.size !== size || etag === undefined) return false;
    const entry = this.entries.get(key);
    if (entry) return entry.etag === etag && entry.size === size && entry.ino === stats.ino && entry.mtimeMs === stats.mtimeMs;
    const md5 = md5OfEtag(etag);
    if (md5 === undefined || (await md5Of(path)) !== md5) return false;
    this.add(key, etag, stats);
    return true;
  }

  /** Writes down a file just written (appended at the next flush). */
  add(key: string, etag: string, stats: Stats): void {
    const entry: Entry = { etag, size: stats.size, ino: stats.ino, mtimeMs: stats.mtimeMs };
    this.entries.set(key, entry);
    this.pending.push(`${JSON.stringify({ key, ...entry })}\n`);
  }

  /** Appends what was added since the last flush. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const lines = this.pending.join('');
    this.pending = [];
    await appendFile(this.file, lines);
  }
}

/** The MD5 of a file's bytes, in hex. */
export async function md5Of(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The MD5 an ETag states, when it states one (an object uploaded in one part). */
export function md5OfEtag(etag: string | undefined): string | undefined {
  return etag === undefined ? undefined : SINGLE_PART_ETAG.exec(etag)?.[1];
}
