/**
 * Fetches config.json from beside the page. The fetch function is passed in, so this module has
 * no hidden I/O and the tests need no network.
 */
import { DEFAULT_CONFIG, DEFAULT_NOTIFY_LEVELS, validateConfig, type ConfigResult } from './config';

export type FetchLike = (url: string, init?: RequestInit) => Promise<Pick<Response, 'ok' | 'status' | 'text'>>;

/** config.json is a few hundred bytes; anything much larger is not a config and is not parsed. */
const MAX_CONFIG_BYTES = 256 * 1024;

const defaults = (): ConfigResult => ({
  config: { ...DEFAULT_CONFIG, notifyLevels: [...DEFAULT_NOTIFY_LEVELS] },
  issues: [],
  indicatorsRejected: false,
});

/**
 * Loads and validates `config.json` (relative to `pageUrl`). A missing file (404) means
 * "defaults"; any other failure is reported as an issue on `(file)` and defaults are used.
 * Never throws.
 */
export async function loadConfig(fetchFn: FetchLike, pageUrl: string): Promise<ConfigResult> {
  let url: string;
  try {
    url = new URL('config.json', pageUrl).href;
  } catch {
    return defaults();
  }
  let text: string;
  try {
    // no-cache: admins replace config.json in place and expect the next pane load to see it.
    const res = await fetchFn(url, { cache: 'no-cache', credentials: 'same-origin', redirect: 'error' });
    if (res.status === 404) return defaults();
    if (!res.ok) return withFileIssue(`config.json could not be read (HTTP ${res.status})`, `config.json を読み込めませんでした（HTTP ${res.status}）`);
    text = await res.text();
  } catch (e) {
    return withFileIssue(`config.json could not be fetched (${String(e).slice(0, 120)})`, 'config.json を取得できませんでした');
  }
  if (text.length > MAX_CONFIG_BYTES) return withFileIssue('config.json is too large to be a config', 'config.json が大きすぎます');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return withFileIssue(`config.json is not valid JSON: ${String(e).slice(0, 160)}`, 'config.json が正しい JSON ではありません');
  }
  return validateConfig(parsed, pageUrl);
}

function withFileIssue(en: string, ja: string): ConfigResult {
  const r = defaults();
  r.issues.push({ field: '(file)', message: { ja, en } });
  // We cannot tell whether the unreadable file listed admin indicators, so say they are not active.
  r.indicatorsRejected = true;
  return r;
}
