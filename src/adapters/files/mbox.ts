import { MAX_MBOX_MESSAGES } from './limits';

/**
 * Splits an mbox into messages at each line that starts with "From " (mboxo/mboxrd), drops
 * the envelope line and undoes mboxrd quoting (">From " → "From "). Works on bytes so any
 * charset survives untouched; linear in the input.
 */
export function splitMbox(b: Uint8Array): { messages: Uint8Array[]; truncated: boolean } {
  const starts: number[] = [];
  const first = firstLineStart(b);
  if (isFromLine(b, first)) starts.push(first);
  for (let i = b.indexOf(0x0a, first); i >= 0 && i + 1 < b.length; i = b.indexOf(0x0a, i + 1)) {
    if (isMboxSeparator(b, i)) {
      if (starts.length >= MAX_MBOX_MESSAGES) return { messages: cut(b, starts), truncated: true };
      starts.push(i + 1);
    }
  }
  return { messages: cut(b, starts), truncated: false };
}

/**
 * Whether the line after the newline at `nl` starts a new message (see {@link splitMbox}).
 *
 * mboxo and mboxrd have one rule: an unquoted "From " line is a separator, because writers quote
 * every body line that starts with "From " (">From "). So a "From " line after a blank line is
 * always the next message, whatever precedes the blank line: a message that ends with its own
 * headers (a headers-only message, or a last MIME part with an empty body) is followed by the
 * next message, not by an attached one. An unquoted envelope inside a message/rfc822 part (a file
 * saved by a writer that does not quote) therefore starts a new record here, as it does in
 * Python's mailbox.mbox and in mail readers. Only unmunged body lines that do not look like an
 * envelope followed by a header are tolerated (see {@link isEnvelopeLine}).
 */
export function isMboxSeparator(b: Uint8Array, nl: number): boolean {
  return isFromLine(b, nl + 1) && isEnvelopeLine(b, nl + 1);
}

/** Skips a UTF-8 BOM and leading blank lines, as sniffMessageFormat does. */
function firstLineStart(b: Uint8Array): number {
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  while (i < b.length && (b[i] === 0x0d || b[i] === 0x0a)) i++;
  return i;
}

/**
 * Writers that do not quote body lines ("unmunged" mboxo) leave lines such as "From Russia
 * with love" in bodies. A separator must look like an envelope ("From <sender>" alone, or with
 * a date/time after it) and be followed by a header line; a body line rarely does both.
 */
function isEnvelopeLine(b: Uint8Array, s: number): boolean {
  const e = b.indexOf(0x0a, s);
  const end = e < 0 ? b.length : e;
  const line = latin1(b, s, Math.min(end, s + 200)).replace(/\r$/, '');
  if (!/^From \S+(?:\s*$|.*\b\d{1,2}:\d{2}\b|.*\b(?:19|20)\d{2}\b)/.test(line)) return false;
  if (e < 0) return false;
  const nextEnd = b.indexOf(0x0a, e + 1);
  const next = latin1(b, e + 1, Math.min(nextEnd < 0 ? b.length : nextEnd, e + 201));
  return /^[!-9;-~]+:/.test(next) || /^From /.test(next);
}

function latin1(b: Uint8Array, s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i++) out += String.fromCharCode(b[i]!);
  return out;
}

function isFromLine(b: Uint8Array, i: number): boolean {
  return b[i] === 0x46 && b[i + 1] === 0x72 && b[i + 2] === 0x6f && b[i + 3] === 0x6d && b[i + 4] === 0x20;
}

function cut(b: Uint8Array, starts: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let k = 0; k < starts.length; k++) out.push(stripEnvelope(b.subarray(starts[k]!, starts[k + 1] ?? b.length)));
  return out;
}

/** One mbox entry (envelope line first) as the message it holds: envelope dropped, mboxrd quoting undone. */
export function stripEnvelope(entry: Uint8Array): Uint8Array {
  const nl = entry.indexOf(0x0a);
  return unquoteFrom(nl < 0 ? entry.subarray(entry.length) : entry.subarray(nl + 1));
}

/** mboxrd: a line of one or more '>' then "From " loses one '>'. */
function unquoteFrom(m: Uint8Array): Uint8Array {
  let needs = false;
  for (let i = 0; i < m.length; i++) {
    if ((i === 0 || m[i - 1] === 0x0a) && m[i] === 0x3e) {
      let j = i;
      while (m[j] === 0x3e) j++;
      if (isFromLine(m, j)) {
        needs = true;
        break;
      }
    }
  }
  if (!needs) return m;
  const out = new Uint8Array(m.length);
  let w = 0;
  for (let i = 0; i < m.length; i++) {
    if ((i === 0 || m[i - 1] === 0x0a) && m[i] === 0x3e) {
      let j = i;
      while (m[j] === 0x3e) j++;
      if (isFromLine(m, j)) continue; // drop this one '>'
    }
    out[w++] = m[i]!;
  }
  return out.subarray(0, w);
}
