/**
 * Reads an administrator's IOC file (`--iocs FILE`, or the add-in's config), whatever its format:
 * one indicator per line (`#` comments, defanged forms accepted), or, recognised by content, a
 * STIX 2.1 bundle, a MISP event or a CSV file with a URL column (src/formats/import.ts). Every
 * value, from any format, is checked here by the same code and becomes an entry of one of the
 * `admin-*` lists that the `mf-ioc-admin` rule reads.
 */
import type { ListEntry, ListKind, PackList } from '../engine/types';
import { markInvisibleLine, refang } from '../engine';
import { importIndicatorText, type ImportedValue, type ImportFormat } from '../formats/import';
import { ADMIN_SOURCE_ID } from './validate-pack';
import { INVISIBLE_RE, isAcceptableUrl, isDomain, isEmail, isHash, isIpv4, normaliseIpv6 } from './values';

export interface IocLineError {
  file: string;
  /** 1-based line number; 0 when the problem is named by {@link object} instead. */
  line: number;
  /** The STIX object id or MISP attribute that holds the problem (JSON formats have no lines). */
  object?: string;
  message: string;
}

/** `file:line: message`, or `file: object: message` for JSON formats. */
export function formatIocError(e: IocLineError): string {
  return e.object !== undefined ? `${e.file}: ${e.object}: ${e.message}` : e.line > 0 ? `${e.file}:${e.line}: ${e.message}` : `${e.file}: ${e.message}`;
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

const ADMIN_LISTS: ReadonlyArray<{ id: string; kind: ListKind; description: string }> = (
  [
    ['hash', 'File hashes'],
    ['domain', 'Domains (each with its subdomains)'],
    ['ip', 'IP addresses'],
    ['url', 'URLs'],
    ['email', 'E-mail addresses'],
    ['filename', 'Attachment file names (from STIX or MISP)'],
  ] as const
).map(([kind, what]) => ({ id: `admin-${kind}${kind === 'hash' ? 'es' : 's'}`, kind, description: `${what} supplied by the administrator` }));

/** Longest file name accepted from STIX or MISP (Windows' MAX_PATH). */
const MAX_FILENAME_CHARS = 260;

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

export interface ParsedIocFile {
  lists: PackList[];
  /** Any error means the file must not be used at all. */
  errors: IocLineError[];
  /** Values skipped on purpose (MISP types we do not match, revoked STIX objects); the rest is usable. */
  notes: IocLineError[];
  format: ImportFormat;
}

/** A value a typed format (STIX, MISP) says is of `kind`, checked as the pack would check it. */
function classifyTyped(v: ImportedValue): { kind: ListKind; value: string } | string {
  const raw = v.value.trim();
  const kind = v.kind ?? 'url';
  if (kind === 'filename') {
    const ok = raw !== '' && raw.length <= MAX_FILENAME_CHARS && !/[\u0000-\u001f\u007f]/.test(raw) && !INVISIBLE_RE.test(raw);
    return ok ? { kind, value: raw } : `not a usable file name (empty, too long or with invisible characters): "${quote(raw)}"`;
  }
  const found = classifyIoc(refang(raw));
  const len = v.algorithm === 'MD5' ? 32 : v.algorithm === 'SHA-1' ? 40 : v.algorithm === 'SHA-256' ? 64 : 0;
  if (found && found.kind === kind && (len === 0 || found.value.length === len)) return found;
  return `not a valid ${v.algorithm ?? kind}: "${quote(raw)}"`;
}

function emptyAdminLists(): Map<ListKind, Map<string, ListEntry>> {
  return new Map<ListKind, Map<string, ListEntry>>(ADMIN_LISTS.map((l) => [l.kind, new Map()]));
}

function adminLists(byKind: Map<ListKind, Map<string, ListEntry>>): PackList[] {
  return ADMIN_LISTS.map((l) => ({ id: l.id, kind: l.kind, description: l.description, entries: [...(byKind.get(l.kind)?.values() ?? [])] }));
}

/**
 * Parses an IOC file in any supported format. Never throws; problems name the line or object.
 * Hint: the result always holds all six `admin-*` lists (possibly empty), so a caller can merge
 * it without checking which kinds the file happened to contain.
 */
export function parseIocFile(text: string, fileName: string): ParsedIocFile {
  const imported = importIndicatorText(text);
  if (imported === null) return parseIocLinesFile(text, fileName);
  const byKind = emptyAdminLists();
  // Messages quote input text: invisible and control characters are shown as code points.
  const located = (e: { line?: number; object?: string; message: string }): IocLineError => ({
    file: fileName,
    line: e.line ?? 0,
    ...(e.object ? { object: markInvisibleLine(e.object) } : {}),
    message: markInvisibleLine(e.message),
  });
  const errors = imported.errors.map(located);
  const notes = imported.notes.map(located);
  for (const v of imported.values) {
    const found = classifyTyped(v);
    if (typeof found === 'string') {
      if (errors.length < MAX_IOC_ERRORS) errors.push(located({ ...v, message: found }));
      continue;
    }
    const entries = byKind.get(found.kind);
    const note = v.object ? `${imported.format.toUpperCase()} ${v.object}` : undefined;
    if (entries && !entries.has(found.value)) entries.set(found.value, { value: found.value, sources: [ADMIN_SOURCE_ID], confidence: 'high', ...(note ? { note } : {}) });
  }
  if (imported.values.length === 0 && errors.length === 0) errors.push({ file: fileName, line: 0, message: `no indicator found in this ${imported.format.toUpperCase()} file` });
  return { lists: adminLists(byKind), errors, notes, format: imported.format };
}

/** The one-indicator-per-line format only (what the add-in reads today; see config/indicator-loader.ts). */
export function parseIocLinesFile(text: string, fileName: string): ParsedIocFile {
  return { ...parseIocLines(text, fileName), notes: [], format: 'lines' };
}

function parseIocLines(text: string, fileName: string): { lists: PackList[]; errors: IocLineError[] } {
  const byKind = emptyAdminLists();
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
  return { lists: adminLists(byKind), errors };
}
