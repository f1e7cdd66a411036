// Faults the local endpoint can inject, to prove that clients survive what the Data API really
// does: throttling, server errors, answers lost after the call took effect, latency, slow or
// failing statements, and the active-statements limit; and, for demos, COPYs that read their files
// at the pace of a far bucket. With a seed the sequence is reproducible.

export interface FaultSpec {
  /** Probability per call of ThrottlingException (HTTP 400), before anything is done. */
  throttle: number;
  /** Probability per call of InternalServerException (HTTP 500), before anything is done. */
  error5xx: number;
  /** Probability per call that the connection closes with no answer, after the call took effect. */
  drop: number;
  /** Delay before every answer. */
  latencyMs: number;
  /** Every statement takes at least this long (spent before it runs, so a cancel leaves nothing). */
  slowMs: number;
  /** Each file a COPY reads from the mirror waits this long first, so a COPY's progress can be watched. */
  fileLatencyMs: number;
  /** ActiveStatementsExceededException while this many statements are active. */
  activeLimit: number | undefined;
  /** Statements whose SQL matches end FAILED with an engine error. */
  fail: RegExp | undefined;
}

export const NO_FAULTS: FaultSpec = { throttle: 0, error5xx: 0, drop: 0, latencyMs: 0, slowMs: 0, fileLatencyMs: 0, activeLimit: undefined, fail: undefined };

export class FaultSpecError extends Error {}

/** Parses "throttle=0.2,error5xx=0.1,drop=0.05,latency=20,slow=500,file-latency=50,active-limit=3,fail=^COPY". */
export function parseFaults(spec: string): FaultSpec {
  const faults = { ...NO_FAULTS };
  // fail=REGEX may itself hold commas: it takes the rest of the spec.
  const failAt = spec.search(/(^|,)fail=/);
  const head = failAt === -1 ? spec : spec.slice(0, failAt);
  if (failAt !== -1) {
    const pattern = spec.slice(spec.indexOf('fail=', failAt) + 5);
    try {
      faults.fail = new RegExp(pattern, 'i');
    } catch (error) {
      throw new FaultSpecError(`fail=${pattern}: not a regular expression (${(error as Error).message})`);
    }
  }
  for (const part of head.split(',').filter((p) => p.trim() !== '')) {
    const [name = '', value = ''] = part.split('=').map((s) => s.trim());
    const number = Number(value);
    const probability = () => {
      if (value === '' || !(number >= 0 && number <= 1)) throw new FaultSpecError(`${name}=${value}: a probability from 0 to 1 is expected`);
      return number;
    };
    const millis = () => {
      if (!/^\d+$/.test(value)) throw new FaultSpecError(`${name}=${value}: a whole number of milliseconds is expected`);
      return number;
    };
    switch (name) {
      case 'throttle': faults.throttle = probability(); break;
      case 'error5xx': faults.error5xx = probability(); break;
      case 'drop': faults.drop = probability(); break;
      case 'latency': faults.latencyMs = millis(); break;
      case 'slow': faults.slowMs = millis(); break;
      case 'file-latency': faults.fileLatencyMs = millis(); break;
      case 'active-limit':
        if (!/^[1-9]\d*$/.test(value)) throw new FaultSpecError(`active-limit=${value}: a whole number of statements is expected`);
        faults.activeLimit = number;
        break;
      default:
        throw new FaultSpecError(`unknown fault '${name}': use throttle=P, error5xx=P, drop=P, latency=MS, slow=MS, file-latency=MS, active-limit=N or fail=REGEX`);
    }
  }
  return faults;
}

export type FaultKind = 'throttle' | 'error5xx' | 'drop' | 'active-limit' | 'fail';

/** Decides, call by call, which fault strikes; counts what it injected. */
export class FaultInjector {
  readonly injected: Record<FaultKind, number> = { throttle: 0, error5xx: 0, drop: 0, 'active-limit': 0, fail: 0 };
  private readonly random: () => number;

  constructor(
    readonly spec: FaultSpec,
    seed = Date.now(),
  ) {
    let a = seed >>> 0;
    this.random = () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /**
   * The faults for one call: an error to answer with before doing anything, and whether the
   * answer is then lost. Every draw happens on every call, so the sequence depends only on the
   * seed and the order of calls.
   */
  decide(): { reject?: 'throttle' | 'error5xx'; drop: boolean } {
    const throttle = this.random() < this.spec.throttle;
    const error5xx = this.random() < this.spec.error5xx;
    const drop = this.random() < this.spec.drop;
    if (throttle) return { reject: this.count('throttle'), drop: false };
    if (error5xx) return { reject: this.count('error5xx'), drop: false };
    if (drop) this.count('drop');
    return { drop };
  }

  failsStatement(sql: string): boolean {
    if (!this.spec.fail?.test(sql)) return false;
    this.count('fail');
    return true;
  }

  atActiveLimit(active: number): boolean {
    if (this.spec.activeLimit === undefined || active < this.spec.activeLimit) return false;
    this.count('active-limit');
    return true;
  }

  private count<K extends FaultKind>(kind: K): K {
    this.injected[kind]++;
    return kind;
  }
}
