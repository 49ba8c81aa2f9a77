/**
 * A one-line progress bar on stderr, only for people: it appears when stderr is a terminal and
 * the scan is long enough to wait for, so CI logs and pipes stay clean.
 */

/** Below this many files a scan finishes before a bar would be worth reading. */
export const PROGRESS_MIN_FILES = 50;
/** Redrawing on every file would cost more than the scan on small mails; 10 times a second is smooth. */
const REDRAW_INTERVAL_MS = 100;
const BAR_WIDTH = 30;

export interface Progress {
  /** Clears the bar before a record is printed on the same terminal. */
  beforeOutput(): void;
  update(done: number): void;
  finish(): void;
}

interface TtyLike {
  isTTY?: boolean;
  write(s: string): boolean;
}

export function createProgress(stream: TtyLike, total: number, stdoutIsTty: boolean, now: () => number = Date.now): Progress {
  if (!stream.isTTY || total <= PROGRESS_MIN_FILES) return { beforeOutput() {}, update() {}, finish() {} };
  let shown = false;
  let last = 0;
  const clear = (): void => {
    if (shown) stream.write('\r\x1b[K');
    shown = false;
  };
  return {
    beforeOutput() {
      if (stdoutIsTty) clear();
    },
    update(done) {
      const t = now();
      if (done < total && t - last < REDRAW_INTERVAL_MS && (shown || !stdoutIsTty)) return;
      last = t;
      const filled = Math.round((done / total) * BAR_WIDTH);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total}`);
      shown = true;
    },
    finish() {
      clear();
    },
  };
}
