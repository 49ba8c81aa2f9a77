import PostalMime from 'postal-mime';
import type { Header, Mailbox } from '../../engine/types';

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

/** RFC 2047 encoded words, then raw ISO-2022-JP; never throws. */
export function decodeHeaderValue(value: string): string {
  let out = value;
  try {
    out = PostalMime.decodeWords(value);
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

/** Parses one address header value with postal-mime's parser (for .msg transport headers). */
export function parseAddressHeader(value: string | undefined): Mailbox[] {
  if (!value) return [];
  try {
    return toMailboxes(PostalMime.addressParser(value) as PmAddress[]);
  } catch {
    return [];
  }
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
