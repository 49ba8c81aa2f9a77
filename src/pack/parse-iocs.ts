/**
 * Reads an administrator's IOC file (`--iocs FILE`, or the add-in's config): one indicator per
 * line, `#` comments, defanged forms accepted. Every value becomes an entry of one of the
 * `admin-*` lists that the `mf-ioc-admin` rule reads.
 */
import type { ListEntry, ListKind, PackList } from '../engine/types';
import { markInvisibleLine, refang } from '../engine';
import { ADMIN_SOURCE_ID } from './validate-pack';
import { isAcceptableUrl, isDomain, isEmail, isHash, isIpv4, normaliseIpv6 } from './values';

export interface IocLineError {
  file: string;
  /** 1-based line number. */
  line: number;
  message: string;
}

/** A real indicator is far shorter; a longer line is pasted data, not one value. */
export const MAX_IOC_LINE_CHARS = 4096;
/**
 * After this many bad lines the file is clearly not an IOC list (wrong file, binary); listing
 * every line would bury the first useful message, so the rest are summarised in one error.
 */
export const MAX_IOC_ERRORS = 200;
/** How much of a bad line an error quotes. */
const QUOTE_CHARS = 80;

const ADMIN_LISTS: ReadonlyArray<{ id: string; kind: ListKind; description: string }> = [
  { id: 'admin-hashes', kind: 'hash', description: 'File hashes supplied by the administrator' },
  { id: 'admin-domains', kind: 'domain', description: 'Domains supplied by the administrator (the host and its subdomains)' },
  { id: 'admin-ips', kind: 'ip', description: 'IP addresses supplied by the administrator' },
  { id: 'admin-urls', kind: 'url', description: 'URLs supplied by the administrator' },
  { id: 'admin-emails', kind: 'email', description: 'E-mail addresses supplied by the administrator' },
];

function quote(s: string): string {
  // Control and invisible characters are shown as code points so the error line cannot reorder
  // or hide text in the administrator's terminal.
  const safe = markInvisibleLine(s);
  return safe.length > QUOTE_CHARS ? `${safe.slice(0, QUOTE_CHARS)}…` : safe;
}

/** Strips a whole-line comment or a trailing ` # comment` (a `#` inside a URL stays). */
function stripComment(line: string): string {
  const t = line.trim();
  if (!t.includes('#')) return t;
  if (t.startsWith('#')) return '';
  const m = /\s#/.exec(t);
  return (m ? t.slice(0, m.index) : t).trim();
}

/** The list kind and stored value for one refanged indicator, or null when it is none. */
export function classifyIoc(raw: string): { kind: ListKind; value: string } | null {
  const lower = raw.toLowerCase();
  if (isHash(lower)) return { kind: 'hash', value: lower };
  if (lower.includes('://')) {
    try {
      const u = new URL(raw);
      return isAcceptableUrl(u) ? { kind: 'url', value: u.href } : null;
    } catch {
      return null;
    }
  }
  if (lower.includes('@')) return isEmail(lower) ? { kind: 'email', value: lower } : null;
  if (isIpv4(lower)) return { kind: 'ip', value: lower };
  const v6 = normaliseIpv6(lower);
  if (v6 !== null) return { kind: 'ip', value: v6 };
  // `*.example.com` and a trailing root dot are common in blocklists; both mean the domain.
  const host = lower.startsWith('*.') || lower.endsWith('.') ? lower.replace(/^\*\./, '').replace(/\.$/, '') : lower;
  return isDomain(host) ? { kind: 'domain', value: host } : null;
}

/**
 * Parses an IOC file. Never throws; lines that are no indicator are reported with their number.
 * Hint: the result always holds all five `admin-*` lists (possibly empty), so a caller can merge
 * it without checking which kinds the file happened to contain.
 */
export function parseIocFile(text: string, fileName: string): { lists: PackList[]; errors: IocLineError[] } {
  const byKind = new Map<ListKind, Map<string, ListEntry>>(ADMIN_LISTS.map((l) => [l.kind, new Map()]));
  const errors: IocLineError[] = [];
  let suppressed = 0;
  const lines = text.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fail = (message: string): void => {
      if (errors.length < MAX_IOC_ERRORS) errors.push({ file: fileName, line: i + 1, message });
      else suppressed++;
    };
    if (line.length > MAX_IOC_LINE_CHARS) {
      fail(`line is longer than ${MAX_IOC_LINE_CHARS} characters`);
      continue;
    }
    const body = stripComment(i === 0 ? line.replace(/^\ufeff/, '') : line);
    if (body === '') continue;
    const found = classifyIoc(refang(body));
    if (!found) {
      fail(`not a hash, domain, IP address, URL or e-mail address: "${quote(body)}"`);
      continue;
    }
    const entries = byKind.get(found.kind);
    if (entries && !entries.has(found.value)) entries.set(found.value, { value: found.value, sources: [ADMIN_SOURCE_ID], confidence: 'high', origin: { file: fileName, line: i + 1 } });
  }
  if (suppressed > 0) errors.push({ file: fileName, line: lines.length, message: `${suppressed} more bad lines not listed` });
  const lists = ADMIN_LISTS.map((l) => ({ id: l.id, kind: l.kind, description: l.description, entries: [...(byKind.get(l.kind)?.values() ?? [])] }));
  return { lists, errors };
}
