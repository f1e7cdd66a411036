// What the pipeline tells its front ends, step by step. Every event carries the step it is about
// and the milliseconds since the run began.

import type { CheckResult } from './dataChecks.js';
import type { Insights } from './insights.js';
import type { LoadProgress } from './loadProgress.js';
import type { StepKind } from './plan.js';

/** The Data API's statuses, plus "queued": waiting for inputs or a free slot. */
export type StepStatus = 'queued' | 'submitted' | 'picked' | 'started' | 'finished' | 'failed' | 'aborted' | 'skipped';

export interface LoadErrorRow {
  file: string;
  line: number;
  column: string;
  code: number;
  reason: string;
}

export interface StepInfo {
  id: string;
  kind: StepKind;
  title: string;
  table?: string;
  dependsOn: string[];
}

export type PipelineEvent = { at: number } & (
  | { type: 'start'; target: string; steps: StepInfo[]; notes?: string[] }
  | { type: 'status'; step: string; status: 'queued' | 'submitted' | 'picked' | 'started'; statementId?: string }
  | ({ type: 'progress'; step: string } & LoadProgress)
  | { type: 'finished'; step: string; rows: number; durationMs: number; statementId: string; queryId?: number }
  | { type: 'failed'; step: string; error: string; statementId?: string; queryId?: number; loadErrors?: LoadErrorRow[] }
  | { type: 'skipped'; step: string; because: string }
  | { type: 'cancelled'; step: string; status: StepStatus; statementId?: string }
  | { type: 'retry'; step: string; operation: string; reason: string; attempt: number; delayMs: number }
  | { type: 'cancelling'; running: number }
  | { type: 'counts'; counts: Record<string, number> }
  | {
      type: 'summary';
      /** Every step finished and, unless the run was told otherwise, no data check failed. */
      ok: boolean;
      cancelled: boolean;
      durationMs: number;
      counts: Record<string, number>;
      /** Present when the plan checked the data. */
      checks?: CheckResult[];
      insights?: Insights;
      /** The steps that did not finish because they failed. */
      failed: string[];
    }
);

export type EventListener = (event: PipelineEvent) => void;
