import { addressParser } from 'postal-mime';
import type PostalMime from 'postal-mime';
import type { Header, Mailbox } from '../../engine/types';
import { decodeEncodedWords } from './encoded-words';

/**
 * Old Japanese mailers wrote ISO-2022-JP straight into headers and bodies without MIME
 * encoding or a charset label. Such text is 7-bit, so it survives UTF-8 decoding with its
 * escape sequences intact and can be decoded again here.
 */
const ISO2022_ESCAPE = /\x1b(?:\$[@B]|\$\(D|\([BJI])/;

let iso2022: TextDecoder | null | undefined;
function iso2022Decoder(): TextDecoder | null {
  if (iso2022 === undefined) {
    try {
      iso2022 = new TextDecoder('iso-2022-jp');
    } catch {
      // A runtime without full ICU: leave the escapes in rather than fail.
      iso2022 = null;
    }
  }
  return iso2022;
}

export function fixRawIso2022(s: string): string {
  if (!ISO2022_ESCAPE.test(s)) return s;
  const dec = iso2022Decoder();
  if (!dec) return s;
  // Only a pure 7-bit string is a byte-for-byte copy of what was sent.
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return s;
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return dec.decode(bytes);
}

/** RFC 2047 encoded words (each decoded once, see encoded-words.ts), then raw ISO-2022-JP; never throws. */
export function decodeHeaderValue(value: string): string {
  let out = value;
  try {
    out = decodeEncodedWords(value);
  } catch {
    out = value;
  }
  return fixRawIso2022(out);
}

export function decodeHeaders(headers: ReadonlyArray<{ originalKey: string; value: string }>): Header[] {
  return headers.map((h) => ({ name: h.originalKey, value: decodeHeaderValue(h.value) }));
}

type PmAddress = PostalMime.Address;

export function toMailbox(a: { name?: string; address?: string }): Mailbox {
  return { name: fixRawIso2022(a.name ?? '').trim(), address: (a.address ?? '').trim().toLowerCase() };
}

/** Flattens groups; an address list never contains a group in the normalised message. */
export function toMailboxes(list: ReadonlyArray<PmAddress> | PmAddress | undefined): Mailbox[] {
  if (!list) return [];
  const arr = Array.isArray(list) ? list : [list as PmAddress];
  const out: Mailbox[] = [];
  for (const a of arr) {
    if (a.group) for (const m of a.group) out.push(toMailbox(m));
    else out.push(toMailbox(a));
  }
  return out;
}

/** A run of encoded words and the whitespace after each, matched where the scan stands (sticky). */
const ENCODED_RUN = /(?:=\?[^?\s]+\?[QqBb]\?[^?]*\?=[ \t\r\n]*)+/y;

function quoted(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&')}"`;
}

/**
 * An address header value made safe for postal-mime's address parser, which misreads comments
 * (an escaped `\)` or a nested comment ends its comment early, and the rest of the comment
 * becomes the display name) and decodes encoded words with the double-decoding described in
 * encoded-words.ts. Here:
 * - comments are read per RFC 5322 (nesting, quoted-pairs) and dropped; a bare address with
 *   no display name keeps its comment as the name (`tanaka@example.jp (Taro Tanaka)`), as
 *   mail clients show it;
 * - encoded words, in a phrase or inside a quoted string (which many mailers write and clients
 *   decode), are decoded once here and handed over as a quoted string.
 */
export function normaliseAddressList(value: string): string {
  let out = '';
  /** Output of the current mailbox (since the last top-level `,` `:` or `;`). */
  let segment = '';
  let segmentComment = '';
  let angle = false;
  let i = 0;
  const endSegment = (): void => {
    const bare = segment.trim();
    if (segmentComment.trim() && !angle && bare && !/[\s"<]/.test(bare)) segment = `${segment} ${quoted(decodeHeaderValue(segmentComment.trim()))}`;
    out += segment;
    segment = '';
    segmentComment = '';
    angle = false;
  };
  while (i < value.length) {
    const c = value[i]!;
    if (c === '(') {
      let depth = 0;
      let text = '';
      for (; i < value.length; i++) {
        const d = value[i]!;
        if (d === '\\' && i + 1 < value.length) {
          text += value[++i];
          continue;
        }
        if (d === '(') {
          if (depth > 0) text += d;
          depth++;
        } else if (d === ')') {
          depth--;
          if (depth === 0) break;
          text += d;
        } else text += d;
      }
      i++;
      segmentComment += (segmentComment ? ' ' : '') + text;
      segment += ' ';
      continue;
    }
    if (c === '"') {
      let text = '';
      for (i++; i < value.length && value[i] !== '"'; i++) {
        if (value[i] === '\\' && i + 1 < value.length) i++;
        text += value[i];
      }
      i++;
      segment += quoted(decodeHeaderValue(text));
      continue;
    }
    if (c === '<') {
      angle = true;
      const close = value.indexOf('>', i);
      const end = close < 0 ? value.length : close + 1;
      segment += value.slice(i, end);
      i = end;
      continue;
    }
    if (c === '=' && value[i + 1] === '?') {
      // A run of encoded words (with the whitespace between them) in a phrase.
      ENCODED_RUN.lastIndex = i;
      const m = ENCODED_RUN.exec(value);
      if (m) {
        const words = m[0].trimEnd();
        segment += quoted(decodeHeaderValue(words)) + m[0].slice(words.length);
        i += m[0].length;
        continue;
      }
    }
    if (c === ',' || c === ':' || c === ';') {
      endSegment();
      out += c;
      i++;
      continue;
    }
    segment += c;
    i++;
  }
  endSegment();
  return out;
}

/** Parses one address header value (raw, as sent) into mailboxes; never throws. */
export function parseAddressHeader(value: string | undefined): Mailbox[] {
  if (!value) return [];
  try {
    return toMailboxes(addressParser(normaliseAddressList(value)) as PmAddress[]);
  } catch {
    return [];
  }
}

/** The raw value of the first header with this name (case-insensitive). */
function rawHeader(headers: ReadonlyArray<{ key?: string; originalKey: string; value: string }>, name: string): string | undefined {
  for (const h of headers) if (h.originalKey.toLowerCase() === name) return h.value;
  return undefined;
}

/**
 * Subject and address fields read from the raw header values with the decoding above, not from
 * postal-mime's own fields (which decode raw 8-bit encoded words twice and misread comments).
 */
export function headerFields(headers: ReadonlyArray<{ originalKey: string; value: string }>): {
  subject: string | undefined;
  from: Mailbox | undefined;
  sender: Mailbox | undefined;
  replyTo: Mailbox[];
  to: Mailbox[];
  cc: Mailbox[];
} {
  const list = (name: string): Mailbox[] => parseAddressHeader(rawHeader(headers, name));
  const subject = rawHeader(headers, 'subject');
  return {
    subject: subject === undefined ? undefined : decodeHeaderValue(subject),
    from: list('from')[0],
    sender: list('sender')[0],
    replyTo: list('reply-to'),
    to: list('to'),
    cc: list('cc'),
  };
}

/** ISO 8601 for a date header postal-mime could read, otherwise undefined. */
export function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  if (!Number.isFinite(t)) return undefined;
  try {
    return new Date(t).toISOString();
  } catch {
    return undefined;
  }
}
