/**
 * The one decoder of the base64 text office.js gives (attachment files, the whole message), and
 * its use for an attachment and a message. In the pane it runs in the checking Web Worker, under
 * its time limit (src/adapters/web-worker/serve-files.ts); elsewhere (tests, other hosts) the
 * Office adapter's defaults run it on the calling thread.
 *
 * Not the MIME decoder (../files/transfer-decode.ts), which skips junk as mail readers do: office.js
 * content is ours to trust or reject whole, and text that does not decode is an error, never bytes.
 */
import type { AttachmentInput, InspectResult } from '../inspect';
import { isBase64Content, NOT_BASE64_ATTACHMENT, NOT_BASE64_MESSAGE, uninspected, type MessageSource, type OfficeAttachmentInput } from './content';

/** Each ASCII code: its 6-bit value, or SPACE, PAD ('='), or BAD. */
const SPACE = -2;
const PAD = -3;
const BAD = -1;
const VALUE = new Int8Array(128).fill(BAD);
{
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) VALUE[alphabet.charCodeAt(i)] = i;
  // JavaScript's \s below U+0080: tab, line feed, vertical tab, form feed, carriage return, space.
  for (const c of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20]) VALUE[c] = SPACE;
  VALUE[0x3d] = PAD;
}

/** JavaScript's \s above U+007F (the Unicode spaces, line and paragraph separators, and the BOM). */
function isWideSpace(c: number): boolean {
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * `text` decoded, or undefined when it is not base64. Exactly what `atob(text.replace(/\s+/g, ''))`
 * gives, byte for byte (the adapter's first decoder; the tests hold this one to it): every
 * JavaScript whitespace character is ignored, then the WHATWG forgiving-base64 rules apply (one or
 * two '=' only at the end and only to fill the last group of four, missing padding allowed, a lone
 * last character an error, any other character an error).
 *
 * Read four characters at a time straight from the string, without atob's binary string and the
 * copy out of it: 15 MB of base64 (a whole message at its cap) took 40 ms here against 180 ms
 * (420 ms with line breaks) in Node 20, and 110 ms against 250 ms in a Chromium 156 worker.
 */
export function decodeBase64Text(text: string): Uint8Array | undefined {
  const len = text.length;
  // Sized for text without whitespace (what office.js gives); trimmed below otherwise.
  let trailing = 0;
  while (trailing < 2 && trailing < len && text.charCodeAt(len - 1 - trailing) === 0x3d) trailing++;
  const out = new Uint8Array(Math.floor(((len - trailing) * 3) / 4));
  let o = 0;
  let acc = 0;
  let n = 0;
  let data = 0;
  let pads = 0;
  let i = 0;
  while (i < len) {
    // A whole group of four alphabet characters at a group boundary: the usual case.
    if (n === 0 && pads === 0 && i + 4 <= len) {
      const a = text.charCodeAt(i);
      const b = text.charCodeAt(i + 1);
      const c = text.charCodeAt(i + 2);
      const d = text.charCodeAt(i + 3);
      if ((a | b | c | d) < 0x80) {
        const va = VALUE[a] as number;
        const vb = VALUE[b] as number;
        const vc = VALUE[c] as number;
        const vd = VALUE[d] as number;
        if ((va | vb | vc | vd) >= 0) {
          const x = (va << 18) | (vb << 12) | (vc << 6) | vd;
          out[o++] = x >> 16;
          out[o++] = (x >> 8) & 0xff;
          out[o++] = x & 0xff;
          data += 4;
          i += 4;
          continue;
        }
      }
    }
    const ch = text.charCodeAt(i++);
    const v = ch < 0x80 ? (VALUE[ch] as number) : isWideSpace(ch) ? SPACE : BAD;
    if (v >= 0) {
      if (pads > 0) return undefined;
      acc = (acc << 6) | v;
      data++;
      if (++n === 4) {
        out[o++] = acc >> 16;
        out[o++] = (acc >> 8) & 0xff;
        out[o++] = acc & 0xff;
        acc = 0;
        n = 0;
      }
    } else if (v === PAD) {
      pads++;
    } else if (v === BAD) {
      return undefined;
    }
  }
  // Padding only fills the last group; without it, a lone last character is not a byte.
  if (pads > 2 || (pads > 0 ? (data + pads) % 4 !== 0 : n === 1)) return undefined;
  if (n === 2) {
    out[o++] = (acc >> 4) & 0xff;
  } else if (n === 3) {
    out[o++] = (acc >> 10) & 0xff;
    out[o++] = (acc >> 2) & 0xff;
  }
  return o === out.length ? out : out.slice(0, o);
}

/**
 * Inspects one attachment with `inspect`, decoding its base64 content first. Content that does not
 * decode is not inspected and says so, as an attachment Outlook would not give (never "nothing found").
 */
export async function inspectOfficeAttachment(input: OfficeAttachmentInput, inspect: (input: AttachmentInput) => Promise<InspectResult>): Promise<InspectResult> {
  if (!isBase64Content(input)) return inspect(input);
  const { base64, ...described } = input;
  const bytes = decodeBase64Text(base64);
  if (!bytes) {
    return { attachment: uninspected(described), incomplete: [{ code: 'attachment-content-unavailable', where: `attachment:${described.name}`, detail: NOT_BASE64_ATTACHMENT }], decompressed: 0 };
  }
  return inspect({ ...described, bytes });
}

/** Base64 text that did not decode, as one message record: an error, marked so the adapter can say so. */
export interface NotBase64Record {
  index: 0;
  error: string;
  notBase64: true;
}

/** Parses (or checks) a message with `parse`, decoding a base64 source first. */
export async function parseMessageSource<R>(source: MessageSource, parse: (bytes: Uint8Array) => Promise<R[]>): Promise<Array<R | NotBase64Record>> {
  if (!isBase64Content(source)) return parse(source);
  const bytes = decodeBase64Text(source.base64);
  if (!bytes) return [{ index: 0, error: NOT_BASE64_MESSAGE, notBase64: true }];
  return parse(bytes);
}
