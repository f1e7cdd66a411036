// A problem found in the config: where it is, what is wrong, and how to fix it.

export interface Problem {
  severity: 'error' | 'warning';
  file: string;
  line?: number;
  section?: string;
  key?: string;
  message: string;
  fix: string;
}

export function problem(
  severity: Problem['severity'],
  file: string,
  where: Partial<Pick<Problem, 'line' | 'section' | 'key'>> & Pick<Problem, 'message' | 'fix'>,
): Problem {
  return { severity, file, ...where };
}

/** One line: "sparkify.cfg:4 [CLUSTER] DB_PORT: 'abc' is not ... Fix: use ..." */
export function formatProblem(p: Problem): string {
  const place = p.line === undefined ? p.file : `${p.file}:${p.line}`;
  const key = [p.section && `[${p.section}]`, p.key].filter(Boolean).join(' ');
  return `${place}${key ? ` ${key}` : ''}: ${p.message}. Fix: ${p.fix}.`;
}
