/**
 * Checks run inside the page: accessibility (axe-core), the colour the reader actually sees
 * behind the pane, and what the fake host recorded.
 */
import type { Page } from 'playwright-core';
import { AXE_PATH } from './harness';
import type { PaneDriver } from './harness';

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core on the whole document and returns its violations (all impacts). */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  const has = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  // By URL on the pane's origin: the pane's CSP (rightly) blocks the inline copy addScriptTag({path}) makes.
  if (!has) await page.addScriptTag({ url: new URL(AXE_PATH, page.url()).href });
  return page.evaluate(async () => {
    type AxeResult = {
      violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[];
    };
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<AxeResult> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.map((n) => n.target.map(String).join(' ')),
    }));
  });
}

export function seriousOrWorse(violations: AxeViolation[]): AxeViolation[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Relative luminance (WCAG 2) of the first non-transparent background found walking up from
 * the element, or of the white canvas Chromium paints when nothing sets one.
 */
export async function backgroundLuminance(page: Page, selector: string | { x: number; y: number }): Promise<{ css: string; luminance: number }> {
  return page.evaluate((sel) => {
    let el: Element | null = typeof sel === 'string' ? document.querySelector(sel) : document.elementFromPoint(sel.x, sel.y);
    let css = 'rgb(255, 255, 255)';
    while (el) {
      const bg = getComputedStyle(el).backgroundColor;
      const m = /rgba?\(([^)]+)\)/.exec(bg);
      const parts = m?.[1]?.split(',').map((p) => parseFloat(p)) ?? [];
      if (parts.length >= 3 && (parts.length < 4 || (parts[3] ?? 1) > 0.5)) {
        css = bg;
        break;
      }
      el = el.parentElement;
    }
    const rgb = (/rgba?\(([^)]+)\)/.exec(css)?.[1] ?? '255,255,255').split(',').map((p) => parseFloat(p) / 255);
    const lin = rgb.slice(0, 3).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    const luminance = 0.2126 * (lin[0] ?? 1) + 0.7152 * (lin[1] ?? 1) + 0.0722 * (lin[2] ?? 1);
    return { css, luminance };
  }, selector);
}

export interface RecordedNotification {
  op: 'add' | 'replace' | 'remove';
  key: string;
  details?: { type: string; message: string; icon?: string; persistent?: boolean };
  itemId: string;
  ok: boolean;
  error?: string;
}

export interface ActiveNotification {
  key: string;
  type: string;
  message: string;
}

export async function notificationLog(d: PaneDriver): Promise<RecordedNotification[]> {
  return d.fake<RecordedNotification[]>('f.notifications');
}

export async function activeNotifications(d: PaneDriver, itemId: string): Promise<ActiveNotification[]> {
  return d.fake<ActiveNotification[]>(`f.activeNotifications(${JSON.stringify(itemId)})`);
}

/** Argument errors the fake host raised where Outlook would have thrown. */
export async function hostErrors(d: PaneDriver): Promise<{ api: string; message: string }[]> {
  return d.fake<{ api: string; message: string }[]>('f.errors');
}

/**
 * The pane updates notifications after it shows the verdict; give it a moment to finish (or to
 * do something it should not) before looking. Returns once `predicate` holds or time is up.
 */
export async function settle(page: Page, predicate: string, timeoutMs: number): Promise<boolean> {
  try {
    await page.waitForFunction(predicate, undefined, { timeout: timeoutMs });
    return true;
  } catch {
    return false;
  }
}

/** Median of a list of numbers (the list must not be empty). */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
