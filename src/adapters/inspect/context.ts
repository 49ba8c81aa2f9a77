import type { Incomplete, IncompleteCode } from '../../engine/types';
import type { Hasher } from '../hash/hasher';
import type { InspectLimits } from './limits';

/** State shared by one attachment's inspection and everything nested inside it. */
export class InspectContext {
  readonly incomplete: Incomplete[] = [];
  totalDecompressed = 0;
  private readonly deadline: number;
  private timedOut = false;
  private readonly seen = new Set<string>();

  constructor(
    readonly limits: InspectLimits,
    readonly hasher: Hasher,
    readonly where: string,
  ) {
    this.deadline = limits.now() + limits.maxInspectMs;
  }

  /** True once the time budget is spent; records `time-budget` the first time. */
  outOfTime(): boolean {
    if (this.timedOut) return true;
    if (this.limits.now() > this.deadline) {
      this.timedOut = true;
      this.note('time-budget', `stopped after ${this.limits.maxInspectMs} ms`);
    }
    return this.timedOut;
  }

  /** Records a limit or failure once per code and detail, so a 2,000-entry archive does not flood the list. */
  note(code: IncompleteCode, detail: string): void {
    const key = `${code}\u0000${detail}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.incomplete.push({ code, where: this.where, detail });
  }
}
