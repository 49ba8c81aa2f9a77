/**
 * The admin's `config.json`, served beside taskpane.html. Its fields, limits and patterns are
 * defined once in config-spec.ts, which also generates the published JSON Schema
 * (schemas/config.schema.json). Checked here without a schema library because it runs in the
 * task pane, where every kilobyte counts against the bundle budget; a test holds the schema and
 * this validator to the same answers.
 *
 * Hint: an invalid field falls back to its default and is reported by name, so one typo never
 * stops the pane from checking mail. Indicator sources (`iocListUrls`, `packUrls`) are stricter:
 * if any of them is invalid, none is used (see load-extras.ts), so the pane never runs with a
 * half-loaded set of admin indicators.
 */
import type { Bilingual, Severity } from '../engine/types';
import {
  ADDRESS_RE,
  CONFIG_FIELDS,
  LABEL_RE,
  MAX_ADDRESS_LENGTH,
  MAX_DOMAIN_LENGTH,
  MAX_LIST_ITEMS,
  MAX_URL_LENGTH,
  SEVERITY_NAMES,
} from './config-spec';

export interface AddinConfig {
  /** Where "report to security" drafts are addressed; absent → no report button. */
  securityAddress?: string;
  trustedDomains: string[];
  protectedDomains: string[];
  /** Same-origin URLs of admin IOC lists (one indicator per line). */
  iocListUrls: string[];
  /** Same-origin URLs of extra rule packs (YAML). */
  packUrls: string[];
  /** Verdict levels that raise an Outlook notification bar on the item. */
  notifyLevels: Severity[];
}

export interface ConfigIssue {
  /** The config field at fault, e.g. `iocListUrls[2]`; `(file)` for the file as a whole. */
  field: string;
  message: Bilingual;
}

export interface ConfigResult {
  config: AddinConfig;
  issues: ConfigIssue[];
  /** The config named admin indicator sources but some were invalid, so none is used. */
  indicatorsRejected: boolean;
}

export const DEFAULT_NOTIFY_LEVELS: readonly Severity[] = ['medium', 'high', 'critical'];

export const DEFAULT_CONFIG: AddinConfig = {
  trustedDomains: [],
  protectedDomains: [],
  iocListUrls: [],
  packUrls: [],
  notifyLevels: [...DEFAULT_NOTIFY_LEVELS],
};

const SEVERITIES: readonly Severity[] = SEVERITY_NAMES;
/** The fields config-spec.ts defines; the published JSON Schema lists the same. */
const KNOWN_FIELDS = new Set(Object.keys(CONFIG_FIELDS));

export function isValidAddress(value: string): boolean {
  if (value.length === 0 || value.length > MAX_ADDRESS_LENGTH || !ADDRESS_RE.test(value)) return false;
  const domain = value.slice(value.lastIndexOf('@') + 1);
  return isValidDomain(domain.toLowerCase());
}

/** A lower-case host name with at least two labels (no scheme, port, path or wildcard). */
export function isValidDomain(value: string): boolean {
  if (value.length === 0 || value.length > MAX_DOMAIN_LENGTH || value !== value.toLowerCase()) return false;
  const labels = value.split('.');
  return labels.length >= 2 && labels.every((l) => LABEL_RE.test(l)) && !/^[0-9]+$/.test(labels[labels.length - 1] ?? '');
}

/**
 * Resolves `value` against the page and accepts it only if it stays on the page's origin, so an
 * edited config can never make the pane fetch from (or reveal its use to) another host.
 * Returns the absolute URL, or undefined.
 */
export function resolveSameOrigin(value: string, pageUrl: string): string | undefined {
  if (value.length === 0 || value.length > MAX_URL_LENGTH || /[\s\\]/.test(value)) return undefined;
  let base: URL;
  let url: URL;
  try {
    base = new URL(pageUrl);
    url = new URL(value, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.origin !== base.origin || url.username !== '' || url.password !== '') return undefined;
  return url.href;
}

const issue = (field: string, en: string, ja: string): ConfigIssue => ({ field, message: { ja, en } });

function stringList(
  raw: Record<string, unknown>,
  field: string,
  check: (v: string) => string | undefined,
  what: Bilingual,
  issues: ConfigIssue[],
): string[] | undefined {
  const value = raw[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    issues.push(issue(field, `must be a list of ${what.en}`, `${what.ja}のリスト（配列）で指定してください`));
    return undefined;
  }
  if (value.length > MAX_LIST_ITEMS) {
    issues.push(issue(field, `has more than ${MAX_LIST_ITEMS} entries`, `${MAX_LIST_ITEMS} 件を超えています`));
    return undefined;
  }
  const out: string[] = [];
  let bad = false;
  value.forEach((item: unknown, i) => {
    const checked = typeof item === 'string' ? check(item.trim()) : undefined;
    if (checked === undefined) {
      bad = true;
      const shown = typeof item === 'string' ? JSON.stringify(item.slice(0, 80)) : typeof item;
      issues.push(issue(`${field}[${i}]`, `${shown} is not a valid ${what.en}`, `${shown} は正しい${what.ja}ではありません`));
    } else if (!out.includes(checked)) {
      out.push(checked);
    }
  });
  // A list with any bad entry is not used at all: a partly applied list would be silently wrong.
  return bad ? undefined : out;
}

/**
 * Validates a parsed config.json. Never throws. Unknown fields are reported (they are usually
 * typos such as `securityAdress`) and ignored.
 */
export function validateConfig(raw: unknown, pageUrl: string): ConfigResult {
  const issues: ConfigIssue[] = [];
  const config: AddinConfig = { ...DEFAULT_CONFIG, notifyLevels: [...DEFAULT_NOTIFY_LEVELS] };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    issues.push(issue('(file)', 'config.json must hold one JSON object', 'config.json は 1 つの JSON オブジェクトにしてください'));
    return { config, issues, indicatorsRejected: false };
  }
  const obj = raw as Record<string, unknown>;

  for (const key of Object.keys(obj)) {
    if (!KNOWN_FIELDS.has(key) && !key.startsWith('$') && !key.startsWith('_')) {
      issues.push(issue(key, 'is not a known setting (typo?) and was ignored', 'は既知の設定項目ではないため無視しました（綴りの誤り？）'));
    }
  }

  // "" is how the example config leaves the address unset, so it means "no report button".
  if (obj.securityAddress !== undefined && obj.securityAddress !== '') {
    const v = obj.securityAddress;
    if (typeof v === 'string' && isValidAddress(v.trim())) config.securityAddress = v.trim();
    else issues.push(issue('securityAddress', 'must be one e-mail address', 'メールアドレスを 1 つ指定してください'));
  }

  const domain = (v: string): string | undefined => {
    const d = v.toLowerCase().replace(/\.$/, '');
    return isValidDomain(d) ? d : undefined;
  };
  const domainWord: Bilingual = { ja: 'ドメイン名（例：example.go.jp）', en: 'domain name (e.g. example.go.jp)' };
  config.trustedDomains = stringList(obj, 'trustedDomains', domain, domainWord, issues) ?? config.trustedDomains;
  config.protectedDomains = stringList(obj, 'protectedDomains', domain, domainWord, issues) ?? config.protectedDomains;

  const urlWord: Bilingual = {
    ja: '同じサーバー上の URL（相対パスまたは同一オリジン）',
    en: 'URL on this add-in’s own origin (relative or same-origin absolute)',
  };
  const sameOrigin = (v: string): string | undefined => resolveSameOrigin(v, pageUrl);
  const before = issues.length;
  const iocs = stringList(obj, 'iocListUrls', sameOrigin, urlWord, issues);
  const packs = stringList(obj, 'packUrls', sameOrigin, urlWord, issues);
  // All admin indicator sources or none: IOC lists without the pack rules that use them (or the
  // reverse) would look active while matching less than the admin intended.
  const indicatorsRejected = issues.length > before;
  if (!indicatorsRejected) {
    config.iocListUrls = iocs ?? [];
    config.packUrls = packs ?? [];
  }

  const levelWord: Bilingual = { ja: 'レベル（low / medium / high / critical）', en: 'level (low, medium, high or critical)' };
  const level = (v: string): string | undefined => ((SEVERITIES as readonly string[]).includes(v) ? v : undefined);
  const levels = stringList(obj, 'notifyLevels', level, levelWord, issues);
  if (levels) config.notifyLevels = levels as Severity[];

  return { config, issues, indicatorsRejected };
}

/** True when the config asks for admin indicators (IOC lists or extra packs). */
export function hasAdminIndicators(config: AddinConfig): boolean {
  return config.iocListUrls.length > 0 || config.packUrls.length > 0;
}

/** The admin notice when the code that reads indicator files (loaded on demand) could not be loaded. */
export function indicatorLoaderIssue(e: unknown): ConfigIssue {
  return { field: 'iocListUrls', message: { ja: '指標の読み込み機能を読み込めませんでした', en: `indicator loader could not be loaded: ${String(e).slice(0, 120)}` } };
}
