/**
 * A header block alone (what Outlook's getAllInternetHeadersAsync gives) → the header fields of
 * a NormalisedMessage, with the same header decoding as a whole .eml (./headers: headerFields,
 * decodeHeaders).
 *
 * The block is split into fields here rather than by postal-mime's parser: the pane's first
 * banner needs this, and postal-mime's MIME machinery is ~20 kB gzip it does not need for a
 * header block. `splitHeaderLines` follows postal-mime's own header reading exactly (lines end
 * at LF with trailing CR/LF dropped; an empty line ends the block; only SP and HTAB continue a
 * field; unfolding keeps the folding whitespace; name and value trimmed of SP/HTAB; a bare CR or
 * LF in a value becomes a space), and header-block.test.ts holds it to postal-mime's result on
 * every rule fixture and a corpus sample.
 */
import type { AuthResult, Header, Mailbox } from '../../engine/types';
import { parseAuthenticationResults } from './auth-results';
import { decodeHeaders, headerFields, isoDate } from './headers';
import { MAX_HEADERS_BYTES } from './limits';

export interface HeaderFields {
  headers: Header[];
  auth: AuthResult[];
  replyTo: Mailbox[];
  from?: Mailbox;
  date?: string;
}

/** A header field as postal-mime reports it (`key` lower-cased, `originalKey` as sent). */
export interface RawHeaderField {
  key: string;
  originalKey: string;
  value: string;
}

function trimWsp(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && (s.charCodeAt(start) === 0x20 || s.charCodeAt(start) === 0x09)) start++;
  while (end > start && (s.charCodeAt(end - 1) === 0x20 || s.charCodeAt(end - 1) === 0x09)) end--;
  return s.slice(start, end);
}

/** The header fields of a header block (text), in order, unfolded as postal-mime unfolds them. */
export function splitHeaderLines(block: string): RawHeaderField[] {
  const folded: string[][] = [];
  for (const rawLine of block.split('\n')) {
    const line = rawLine.replace(/[\r\n]+$/, '');
    if (line === '') break;
    const last = folded[folded.length - 1];
    if (last && (line[0] === ' ' || line[0] === '\t')) last.push(line);
    else folded.push([line]);
  }
  return folded.map((parts) => {
    const unfolded = parts.join('');
    const sep = unfolded.indexOf(':');
    const key = trimWsp(sep < 0 ? unfolded : unfolded.slice(0, sep));
    const value = sep < 0 ? '' : trimWsp(unfolded.slice(sep + 1).replace(/[\r\n]+/g, ' '));
    return { key: key.toLowerCase(), originalKey: key, value };
  });
}

/** Never rejects: a block that cannot be parsed gives `{ error }`. */
export async function parseHeaderBlock(raw: string): Promise<HeaderFields | { error: string }> {
  const block = raw.replace(/(\r?\n)+$/, '');
  const size = new TextEncoder().encode(block).length;
  if (size > MAX_HEADERS_BYTES) return { error: `header block over ${MAX_HEADERS_BYTES} bytes` };
  try {
    const fields = splitHeaderLines(block);
    const headers = decodeHeaders(fields);
    if (headers.length === 0) return { error: 'no header lines found' };
    const auth = headers.filter((h) => h.name.toLowerCase() === 'authentication-results').flatMap((h) => parseAuthenticationResults(h.value));
    const named = headerFields(fields);
    const out: HeaderFields = { headers, auth, replyTo: named.replyTo };
    if (named.from) out.from = named.from;
    const dateField = fields.find((f) => f.key === 'date');
    const date = isoDate(dateField?.value);
    if (date) out.date = date;
    return out;
  } catch (e) {
    return { error: String(e).slice(0, 200) };
  }
}
