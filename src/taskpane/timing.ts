/**
 * Time-to-banner marks for the browser tests and the bench (performance.now() values).
 * `onReady`: Office (or the preview decision) is ready; `banner`: the latest verdict banner
 * was put on screen; `checked`: the preview's checking worker answered for a drop's last file.
 */
export interface MfgTiming {
  onReady?: number;
  banner?: number;
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
