/**
 * Time-to-banner marks for the browser tests and the bench (performance.now() values).
 * `onReady`: Office (or the preview decision) is ready; `banner`: the latest verdict banner
 * was drawn (the preview: put in the document); `firstBanner` / `finalBanner`: the progressive
 * verdict's two steps, each taken once the frame that shows it has been drawn (afterNextFrame),
 * not when it was put in the document;
 * `checked`: the preview's checking worker answered for a drop's last file.
 */
export interface MfgTiming {
  onReady?: number;
  /** The latest banner of any kind (first or final). */
  banner?: number;
  /** The first banner for the current item (possibly marked "still checking attachments"). */
  firstBanner?: number;
  /** The final banner for the current item (every attachment read or given up on). */
  finalBanner?: number;
  /** The preview: the last file of a drop came back from the checking worker (before drawing). */
  checked?: number;
}

declare global {
  interface Window {
    __mfgTiming?: MfgTiming;
  }
}

export function markTiming(key: keyof MfgTiming): void {
  try {
    if (typeof window === 'undefined' || typeof performance === 'undefined') return;
    const t = (window.__mfgTiming ??= {});
    t[key] = performance.now();
  } catch {
    // Timing is diagnostic only.
  }
}

/**
 * Runs `fn` once the next frame has been drawn: a frame callback runs before the frame's style,
 * layout and paint, and a task queued from it runs after them. Without frames (no
 * requestAnimationFrame), after the current task.
 */
export function afterNextFrame(fn: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(fn, 0));
  else setTimeout(fn, 0);
}
