// Checks a parsed config and resolves it into settings. Every problem is reported at once,
// each with its line, section and key, what is wrong and how to fix it.

import { FORMATS, KEYS, SECTIONS, type KeySpec } from './keys.js';
import { problem, type Problem } from './problem.js';
import type { Entry, ParsedConfig } from './read.js';
import { parseHost, UDACITY_SOURCES, type Settings, type Sources, type Target } from './target.js';

export type Mode = { kind: 'redshift' } | { kind: 'local'; dbPath: string; dataDir: string };

const PLACEHOLDER = /<[^>]*>|(^|[^a-z0-9])x{3,}([^a-z0-9]|$)|changeme|change_me/i;

export function validateConfig(parsed: ParsedConfig, mode: Mode): { settings?: Settings; problems: Problem[] } {
  const { file } = parsed;
  const problems: Problem[] = [];
  const error = (where: Parameters<typeof problem>[2]) => problems.push(problem('error', file, where));
  const warn = (where: Parameters<typeof problem>[2]) => problems.push(problem('warning', file, where));
  // In local mode the warehouse is local: only the data locations matter.
  const relevant = (section: string) => mode.kind === 'redshift' || section !== 'CLUSTER';

  const seenSections = new Map<string, number>();
  for (const { name, line } of parsed.sections) {
    const known = SECTIONS.find((s) => s === name.toUpperCase());
    if (!known) {
      const guess = closest(name.toUpperCase(), [...SECTIONS]);
      error({ line, section: name, message: `unknown section [${name}]`, fix: guess ? `did you mean [${guess}]?` : `use the sections ${SECTIONS.map((s) => `[${s}]`).join(', ')}` });
      continue;
    }
    const earlier = seenSections.get(known);
    if (earlier !== undefined) error({ line, section: known, message: `section [${known}] appears twice (lines ${earlier} and ${line})`, fix: 'merge the two into one section' });
    else seenSections.set(known, line);
  }

  // Values by known key, from the entries that are in a known section.
  const values = new Map<KeySpec, Entry>();
  const seenKeys = new Map<string, number>();
  for (const entry of parsed.entries) {
    const section = SECTIONS.find((s) => s === entry.section.toUpperCase());
    if (!section) continue; // reported with its section
    const key = entry.key.toUpperCase();
    const at = { line: entry.line, section, key: entry.key };
    const spec = KEYS.find((k) => k.section === section && k.key === key);
    if (!spec) {
      const elsewhere = KEYS.find((k) => k.key === key);
      const guess = closest(key, KEYS.filter((k) => k.section === section).map((k) => k.key));
      error({ ...at, message: `unknown key ${entry.key} in [${section}]`, fix: elsewhere ? `move it to [${elsewhere.section}]` : guess ? `did you mean ${guess}?` : `see sparkify.cfg.example for the keys of [${section}]` });
      continue;
    }
    const id = `${section}.${key}`;
    const earlier = seenKeys.get(id);
    if (earlier !== undefined) {
      error({ ...at, message: `${key} appears twice in [${section}] (lines ${earlier} and ${entry.line})`, fix: 'keep one of them' });
      continue;
    }
    seenKeys.set(id, entry.line);
    if (!relevant(section)) continue;
    if (entry.bare) {
      error({ ...at, message: `${key} has no value (there is no "=")`, fix: `write ${key} = ${spec.example || 'VALUE'}` });
      continue;
    }
    const value = entry.value.trim();
    if (value === '') {
      if (spec.required) error({ ...at, message: `${key} is empty`, fix: `set it, for example ${key} = ${spec.example}` });
      continue;
    }
    if (spec.kind !== 'password' && PLACEHOLDER.test(value)) {
      error({ ...at, message: `${key} still holds a placeholder ('${value}')`, fix: `replace it with your own value, such as ${spec.example}` });
      continue;
    }
    if (!FORMATS[spec.kind].pattern.test(value)) {
      error({ ...at, message: `'${spec.kind === 'password' ? '***' : value}' is not ${FORMATS[spec.kind].expected}`, fix: `write it like ${key} = ${spec.example}` });
      continue;
    }
    values.set(spec, { ...entry, value });
  }

  for (const section of SECTIONS) {
    if (!relevant(section)) continue;
    const specs = KEYS.filter((k) => k.section === section && k.required);
    const line = seenSections.get(section);
    if (line === undefined) {
      if (specs.length > 0) error({ section, message: `section [${section}] is missing`, fix: `add it with ${specs.map((s) => s.key).join(', ')} (see sparkify.cfg.example)` });
      continue;
    }
    for (const spec of specs) {
      const present = parsed.entries.some((e) => e.section.toUpperCase() === section && e.key.toUpperCase() === spec.key);
      if (!present) error({ line, section, key: spec.key, message: `${spec.key} is missing from [${section}]`, fix: `add ${spec.key} = ${spec.example}` });
    }
  }

  const get = (section: KeySpec['section'], key: string) => values.get(KEYS.find((k) => k.section === section && k.key === key)!);
  const sources = resolveSources(get);
  let target: Target | undefined;
  if (mode.kind === 'local') {
    target = { kind: 'local', dbPath: mode.dbPath, dataDir: mode.dataDir };
  } else {
    target = resolveTarget(get, parsed, error, warn);
    const password = get('CLUSTER', 'DB_PASSWORD');
    if (password) {
      warn({ line: password.line, section: 'CLUSTER', key: 'DB_PASSWORD', message: 'DB_PASSWORD is not used: the Data API authenticates with DB_USER (temporary credentials) or SECRET_ARN', fix: 'leave it empty or remove it' });
      if ((parsed.mode & 0o044) !== 0) {
        warn({ message: 'the file holds a password and other users can read it', fix: `chmod 600 ${file}` });
      }
    }
  }
  const failed = problems.some((p) => p.severity === 'error');
  return { settings: failed || !target || !sources ? undefined : { file, target, sources }, problems };
}

type Getter = (section: KeySpec['section'], key: string) => Entry | undefined;

function resolveSources(get: Getter): Sources | undefined {
  const logData = get('S3', 'LOG_DATA')?.value;
  const logJsonPath = get('S3', 'LOG_JSONPATH')?.value;
  const songData = get('S3', 'SONG_DATA')?.value;
  const iamRole = get('IAM_ROLE', 'ARN')?.value;
  if (!logData || !logJsonPath || !songData || !iamRole) return undefined;
  return { logData, logJsonPath, songData, iamRole, region: get('S3', 'REGION')?.value ?? UDACITY_SOURCES.region };
}

function resolveTarget(get: Getter, parsed: ParsedConfig, error: (w: Parameters<typeof problem>[2]) => void, warn: (w: Parameters<typeof problem>[2]) => void): Target | undefined {
  const at = (key: string) => ({ line: get('CLUSTER', key)?.line, section: 'CLUSTER', key });
  const headerLine = parsed.sections.find((s) => s.name.toUpperCase() === 'CLUSTER')?.line;
  const host = get('CLUSTER', 'HOST');
  const fromHost = host ? parseHost(host.value) : {};
  const database = get('CLUSTER', 'DB_NAME')?.value;
  const dbUser = get('CLUSTER', 'DB_USER')?.value;
  const secretArn = get('CLUSTER', 'SECRET_ARN')?.value;
  const workgroup = get('CLUSTER', 'WORKGROUP')?.value ?? fromHost.workgroupName;
  const explicitCluster = get('CLUSTER', 'CLUSTER_IDENTIFIER')?.value;
  const clusterIdentifier = explicitCluster ?? fromHost.clusterIdentifier;
  const region = get('CLUSTER', 'REGION')?.value ?? fromHost.region;

  if (get('CLUSTER', 'WORKGROUP') && explicitCluster) {
    error({ ...at('WORKGROUP'), message: 'WORKGROUP and CLUSTER_IDENTIFIER are both set: a target is either serverless or a cluster', fix: 'keep WORKGROUP for Redshift Serverless or CLUSTER_IDENTIFIER for a provisioned cluster' });
    return undefined;
  }
  if (explicitCluster && fromHost.clusterIdentifier && fromHost.clusterIdentifier !== explicitCluster) {
    warn({ ...at('CLUSTER_IDENTIFIER'), message: `CLUSTER_IDENTIFIER '${explicitCluster}' differs from the cluster in HOST ('${fromHost.clusterIdentifier}'); using CLUSTER_IDENTIFIER`, fix: 'make them agree' });
  }
  // A malformed HOST is reported once, as itself: nothing more is said about what it would name.
  const hostWasBad = !host && parsed.entries.some((e) => e.section.toUpperCase() === 'CLUSTER' && e.key.toUpperCase() === 'HOST' && e.value.trim() !== '');
  if (hostWasBad) return undefined;
  if (!workgroup && !clusterIdentifier) {
    error({ line: host?.line ?? headerLine, section: 'CLUSTER', key: host ? 'HOST' : 'CLUSTER_IDENTIFIER', message: host ? `cannot tell the cluster from HOST '${host.value}' (not a *.redshift.amazonaws.com address)` : 'no cluster or workgroup is named', fix: 'set CLUSTER_IDENTIFIER (provisioned) or WORKGROUP (serverless), or HOST = <cluster>.<id>.<region>.redshift.amazonaws.com' });
  }
  if (!region) {
    error({ line: headerLine, section: 'CLUSTER', key: 'REGION', message: 'the region is not known (HOST does not name it)', fix: 'add REGION = us-west-2 (your cluster\'s region)' });
  }
  if (!workgroup && clusterIdentifier && !dbUser && !secretArn) {
    error({ line: headerLine, section: 'CLUSTER', key: 'DB_USER', message: 'a cluster needs DB_USER (temporary credentials) or SECRET_ARN', fix: 'add DB_USER = awsuser, or SECRET_ARN = arn:aws:secretsmanager:...' });
  }
  if (!database || !region) return undefined;
  if (workgroup) return { kind: 'serverless', workgroupName: workgroup, database, secretArn, region };
  if (!clusterIdentifier || (!dbUser && !secretArn)) return undefined;
  return { kind: 'cluster', clusterIdentifier, database, region, ...(secretArn ? { secretArn } : { dbUser }) };
}

/** The candidate nearest to `word` by edit distance, if near enough to be a likely typo. */
export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
