// The process's exit codes, one meaning each, for the command line and the wizard alike.

export const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
