// What the wizard needs from whoever starts it: the run's options, and the ways to read the
// settings, write a config, connect to the target and hand back the exit code.

import type { Problem } from '../../config/problem.js';
import type { Settings } from '../../config/target.js';
import type { Connection } from '../../pipeline/connection.js';
import type { PlanKind } from '../../pipeline/plan.js';

export interface WizardProps {
  kind: PlanKind;
  /** --yes: no confirmation, and no key press at the end. */
  yes: boolean;
  /** --swap: rebuild beside the live tables (chosen in advance on the confirmation). */
  swap?: boolean;
  concurrency: number;
  /** --timeout and --statement-timeout, in milliseconds. */
  runTimeoutMs?: number;
  statementTimeoutMs?: number;
  /** Whether a failed data check makes the exit code 1 (default true; --no-fail-on-check). */
  failOnCheck?: boolean;
  /** Whether running COPYs are sampled for their progress (default true; --no-progress). */
  loadProgress?: boolean;
  cwd: string;
  /** Reads and checks the config (again, on r). */
  load(): Promise<{ settings?: Settings; problems: Problem[]; noConfig: boolean }>;
  /** Settings for the local warehouse on the bundled sample data. */
  localSettings(): Promise<Settings>;
  /** Writes sparkify.cfg from the example; returns where, and the keys left to fill. */
  createConfig(): Promise<{ path: string; keys: string[] }>;
  connect(settings: Settings): Promise<Connection>;
  /** The query command line that reaches the warehouse of these settings, suggested in the summary. */
  queryCommand?(settings: Settings): string;
  /** The wizard is gone: with this exit code, and `atOnce` when the process should not linger. */
  onExit(code: number, atOnce: boolean): void;
}
