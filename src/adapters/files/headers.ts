import PostalMime from 'postal-mime';
import type { Header, Mailbox } from '../../engine/types';

// Raw ISO-2022-JP repair lives in ./iso2022, which the pane's body reading needs without postal-mime.
import { fixRawIso2022 } from './iso2022';
export { fixRawIso2022 };

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
