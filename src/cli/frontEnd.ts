// The choice of front end, made once at start from the environment.

/**
 * The wizard needs a person at a terminal: stdin and stdout are TTYs, not CI, not a dumb terminal.
 * CI counts as set as Ink counts it (any value but 0 and false), so the two never disagree.
 */
export function interactive(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI !== undefined && env.CI !== '0' && env.CI !== 'false';
  return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !ci && env.TERM !== 'dumb';
}
