/**
 * A header block alone (what Outlook's getAllInternetHeadersAsync gives) → the header fields of
 * a NormalisedMessage, through the same postal-mime parse and header decoding as a whole .eml.
 * Kept apart from ./parse-eml so the pane's first banner does not wait for the attachment
 * inspector and the .msg reader, which only a whole message needs.
 */
import PostalMime from 'postal-mime';
import type { AuthResult, Header, Mailbox } from '../../engine/types';
import { parseAuthenticationResults } from './auth-results';
import { decodeHeaders, isoDate, toMailboxes } from './headers';
import { MAX_HEADERS_BYTES } from './limits';

export interface HeaderFields {
  headers: Header[];
  auth: AuthResult[];
  replyTo: Mailbox[];
  from?: Mailbox;
  date?: string;
}

/** Never rejects: a block that cannot be parsed gives `{ error }`. */
export async function parseHeaderBlock(raw: string): Promise<HeaderFields | { error: string }> {
  const bytes = new TextEncoder().encode(raw.replace(/(\r?\n)+$/, '') + '\r\n\r\n');
  if (bytes.length > MAX_HEADERS_BYTES) return { error: `header block over ${MAX_HEADERS_BYTES} bytes` };
  try {
    const email = await PostalMime.parse(bytes, { maxHeadersSize: MAX_HEADERS_BYTES });
    const headers = decodeHeaders(email.headers ?? []);
    if (headers.length === 0) return { error: 'no header lines found' };
    const auth = headers.filter((h) => h.name.toLowerCase() === 'authentication-results').flatMap((h) => parseAuthenticationResults(h.value));
    const out: HeaderFields = { headers, auth, replyTo: toMailboxes(email.replyTo) };
    const from = toMailboxes(email.from)[0];
    if (from) out.from = from;
    const date = isoDate(email.date);
    if (date) out.date = date;
    return out;
  } catch (e) {
    return { error: String(e).slice(0, 200) };
  }
}
