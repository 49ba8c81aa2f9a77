/**
 * How long the pane froze: a requestAnimationFrame probe that records every drawn frame from the
 * start of each page, and the longest gap between two frames from Office.onReady to the final
 * banner (window.__mfgTiming, src/taskpane/timing.ts). Used by hostile-body.test.ts and
 * large-attachment.test.ts.
 */
import type { Page } from 'playwright-core';

export interface FrameGap {
  /** Longest gap between two drawn frames (or onReady / the final banner and the nearest frame), ms. */
  gap: number;
  /** Frames drawn in the window. */
  frames: number;
  /** onReady to the final banner, ms. */
  window: number;
}

/** Installs the probe on every page `page` loads from now on (call once, before the first open). */
export async function installFrameProbe(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const frames: number[] = [];
    (window as unknown as { __frames: number[] }).__frames = frames;
    const tick = (t: number): void => {
      frames.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** The longest freeze from onReady to the final banner on the page now shown (its final banner must be up). */
export async function longestFrameGap(page: Page): Promise<FrameGap> {
  return page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __mfgTiming: { onReady: number; finalBanner: number } };
    const { onReady, finalBanner } = w.__mfgTiming;
    const inside = w.__frames.filter((t) => t >= onReady && t <= finalBanner);
    const marks = [onReady, ...inside, finalBanner];
    let gap = 0;
    for (let i = 1; i < marks.length; i++) gap = Math.max(gap, marks[i]! - marks[i - 1]!);
    return { gap: Math.round(gap), frames: inside.length, window: Math.round(finalBanner - onReady) };
  });
}
