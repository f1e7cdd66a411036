// The S3 mirror: s3://bucket/key is the file DIR/bucket/key. Listing follows S3's rule that a
// location is a key prefix, not a folder or a glob.

import { readdir } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { UnsupportedSql } from '../unsupported.js';

export interface MirrorObject {
  /** The object's s3:// URI, as load errors report it. */
  uri: string;
  path: string;
}

export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new UnsupportedSql(`'${uri}' is not an s3:// location (expected s3://bucket/prefix)`);
  const [, bucket = '', key = ''] = m;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new UnsupportedSql(`'${uri}': '${bucket}' is not a valid S3 bucket name`);
  }
  if (key.split('/').some((part) => part === '..' || part === '.') || key.includes('\\') || key.includes('\0')) {
    throw new UnsupportedSql(`'${uri}': the key may not contain '.' or '..' segments`);
  }
  return { bucket, key };
}

/** The mirror file of one object (the jsonpaths file, say). */
export function mirrorPath(dataDir: string, uri: string): string {
  const { bucket, key } = parseS3Uri(uri);
  return join(dataDir, bucket, ...key.split('/'));
}

/** Every object whose key starts with the prefix, in key order. */
export async function listPrefix(dataDir: string, uri: string): Promise<MirrorObject[]> {
  const { bucket, key } = parseS3Uri(uri);
  const slash = key.lastIndexOf('/');
  const folderKey = slash === -1 ? '' : key.slice(0, slash + 1);
  const namePrefix = key.slice(slash + 1);
  const folder = join(dataDir, bucket, ...folderKey.split('/').filter(Boolean));
  const found: MirrorObject[] = [];
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.name.startsWith(namePrefix)) continue;
    const entryKey = folderKey + entry.name;
    if (entry.isFile()) {
      found.push({ uri: `s3://${bucket}/${entryKey}`, path: join(folder, entry.name) });
    } else if (entry.isDirectory()) {
      const below = await readdir(join(folder, entry.name), { withFileTypes: true, recursive: true });
      for (const file of below) {
        if (!file.isFile()) continue;
        const path = join(file.parentPath, file.name);
        const relative = path.slice(folder.length + 1).split(sep).join('/');
        found.push({ uri: `s3://${bucket}/${folderKey}${relative}`, path });
      }
    }
  }
  if (found.length === 0) throw new UnsupportedSql(`The specified S3 prefix '${key}' does not exist`);
  return found.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
}
