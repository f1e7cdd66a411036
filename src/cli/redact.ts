// Secrets never reach the terminal: every write to stdout and stderr (the reporters, Ink's
// frames, error messages, the SDK's errors) passes through here, and known secrets are masked.

const MASK = '****';
const secrets = new Set<string>();

/** The AWS credentials of the environment are secrets (the access key id too: it names the key). */
const SECRET_VARIABLES = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ACCESS_KEY_ID'];

export function addSecret(value: string | undefined): void {
  // Very short values would mask ordinary words; no real secret is that short.
  if (value && value.length >= 6) secrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(MASK);
  return out;
}

/** Masks secrets in everything the process writes from now on. */
export function guardOutput(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of SECRET_VARIABLES) addSecret(env[name]);
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) =>
      write(typeof chunk === 'string' ? redact(chunk) : chunk instanceof Uint8Array && secrets.size > 0 ? redact(Buffer.from(chunk).toString('utf8')) : chunk, ...rest)) as typeof stream.write;
  }
}
