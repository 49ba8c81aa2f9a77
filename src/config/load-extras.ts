/**
 * The admin's own indicators: IOC lists and extra rule packs named in config.json, fetched from
 * the add-in's origin and merged into the embedded pack.
 *
 * Hint: all or nothing. If any list or pack cannot be fetched or has any bad line, none of them
 * is applied and the pane says that the organisation's indicators are not active; a pane that
 * silently matched half of the admin's list would be worse than one that says it matched none.
 */
import type { Pack, PackList } from '../engine/types';
import { indicatorLoaderIssue, type AddinConfig, type ConfigIssue } from './config';
import type { FetchLike } from './load-config';

/**
 * Largest indicator file we read. 100,000 indicators of the longest kind (URLs) fit in a few
 * megabytes; a file far larger is a mistake (a log, a dump) and would stall the pane.
 */
export const MAX_INDICATOR_FILE_CHARS = 32 * 1024 * 1024;
/** An indicator file that takes longer than this is reported, and the embedded pack is used. */
export const INDICATOR_FETCH_TIMEOUT_MS = 15_000;
/** Bad lines named per file in the admin notice; the rest are counted. */
export const MAX_ISSUES_PER_FILE = 5;

export interface AdminIndicators {
  /** The pack to evaluate with: the embedded one, plus the admin's indicators when active. */
  pack: Pack;
  issues: ConfigIssue[];
  /** True only when every configured list and pack loaded without a single error. */
  active: boolean;
  /** Admin IOC entries in effect (0 when not active). */
  iocCount: number;
}

/** Fetches, parses and merges the admin indicators. Never throws. */
export async function loadAdminIndicators(config: AddinConfig, base: Pack, fetchFn: FetchLike): Promise<AdminIndicators> {
  if (config.iocListUrls.length === 0 && config.packUrls.length === 0) return { pack: base, issues: [], active: false, iocCount: 0 };
  const issues: ConfigIssue[] = [];
  const fail = (): AdminIndicators => ({ pack: base, issues, active: false, iocCount: 0 });

  let packModule: typeof import('./indicator-loader');
  try {
    // The indicator parsers and pack validator are needed only when an admin configures indicators.
    packModule = await import(/* webpackChunkName: "pack" */ './indicator-loader');
  } catch (e) {
    issues.push(indicatorLoaderIssue(e));
    return fail();
  }

  const fetched = await Promise.all([
    ...config.iocListUrls.map((url, i) => fetchText(fetchFn, url, `iocListUrls[${i}]`)),
    ...config.packUrls.map((url, i) => fetchText(fetchFn, url, `packUrls[${i}]`)),
  ]);
  for (const f of fetched) if ('issue' in f) issues.push(f.issue);
  if (issues.length > 0) return fail();

  const iocTexts = fetched.slice(0, config.iocListUrls.length) as Array<{ text: string; field: string; url: string }>;
  const packTexts = fetched.slice(config.iocListUrls.length) as Array<{ text: string; field: string; url: string }>;

  const iocLists: PackList[] = [];
  const notes: ConfigIssue[] = [];
  for (const f of iocTexts) {
    // The CLI's own reader: line format, STIX 2.1, MISP or CSV, recognised by content, all or nothing.
    const { lists, errors, notes: skipped } = packModule.parseIocFile(f.text, fileName(f.url));
    errors.slice(0, MAX_ISSUES_PER_FILE).forEach((e) => issues.push({ field: f.field, message: iocMessage(e) }));
    skipped.slice(0, MAX_ISSUES_PER_FILE).forEach((e) => notes.push({ field: f.field, message: iocMessage(e) }));
    if (errors.length > MAX_ISSUES_PER_FILE) {
      const more = errors.length - MAX_ISSUES_PER_FILE;
      issues.push({ field: f.field, message: { ja: `ほか ${more} 件の誤り`, en: `${more} more errors` } });
    }
    iocLists.push(...lists);
  }
  if (issues.length > 0) return fail();

  try {
    const extras: Pack[] = packTexts.map((f) => packModule.loadPackFromText(f.text, fileName(f.url), base));
    const iocPack: Pack = { version: base.version, sources: [], guidance: [], lists: iocLists, rules: [] };
    const pack = packModule.mergePacks(base, iocPack, ...extras);
    const iocCount = pack.lists.filter((l) => l.id.startsWith('admin-')).reduce((n, l) => n + l.entries.length, 0);
    // The indicators are active; what was skipped on purpose is still said.
    return { pack, issues: notes, active: true, iocCount };
  } catch (e) {
    const errors = (e as { errors?: Array<{ file: string; path: string; message: string }> }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      for (const err of errors.slice(0, MAX_ISSUES_PER_FILE * 2)) {
        const text = `${err.file}: ${err.path ? `${err.path}: ` : ''}${err.message}`;
        issues.push({ field: 'packUrls', message: { ja: text, en: text } });
      }
    } else {
      issues.push({ field: 'packUrls', message: { ja: `追加ルールを読み込めませんでした: ${String(e).slice(0, 160)}`, en: `extra pack could not be loaded: ${String(e).slice(0, 160)}` } });
    }
    return fail();
  }
}

/** Where in the file, in both languages: a line, or the STIX/MISP object for JSON formats. */
function iocMessage(e: { file: string; line: number; object?: string; message: string }): { ja: string; en: string } {
  if (e.object !== undefined) return { ja: `${e.file} ${e.object}: ${e.message}`, en: `${e.file} ${e.object}: ${e.message}` };
  if (e.line > 0) return { ja: `${e.file} ${e.line} 行目: ${e.message}`, en: `${e.file} line ${e.line}: ${e.message}` };
  return { ja: `${e.file}: ${e.message}`, en: `${e.file}: ${e.message}` };
}

function fileName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() || url);
  } catch {
    return url;
  }
}

async function fetchText(
  fetchFn: FetchLike,
  url: string,
  field: string,
): Promise<{ text: string; field: string; url: string } | { issue: ConfigIssue }> {
  const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
  const timer = setTimeout(() => controller?.abort(), INDICATOR_FETCH_TIMEOUT_MS);
  try {
    // redirect: 'error' keeps a same-origin URL from being bounced to another host.
    const res = await fetchFn(url, {
      cache: 'no-cache',
      credentials: 'same-origin',
      redirect: 'error',
      ...(controller ? { signal: controller.signal } : {}),
    });
    if (!res.ok) return { issue: { field, message: { ja: `${url} を読み込めませんでした（HTTP ${res.status}）`, en: `${url} could not be read (HTTP ${res.status})` } } };
    const text = await res.text();
    if (text.length > MAX_INDICATOR_FILE_CHARS) {
      return { issue: { field, message: { ja: `${url} が大きすぎます`, en: `${url} is larger than ${MAX_INDICATOR_FILE_CHARS} characters` } } };
    }
    return { text, field, url };
  } catch (e) {
    return { issue: { field, message: { ja: `${url} を取得できませんでした`, en: `${url} could not be fetched: ${String(e).slice(0, 120)}` } } };
  } finally {
    clearTimeout(timer);
  }
}
