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

/** The length of the ISO-2022-JP escape sequence at `i` (ESC ( B/J/I, ESC $ @/B), or 0. */
function escapeAt(b: ArrayLike<number>, i: number): number {
  if (b[i] !== 0x1b) return 0;
  const a = b[i + 1];
  const c = b[i + 2];
  if (a === 0x28 && (c === 0x42 || c === 0x4a || c === 0x49)) return 3;
  if (a === 0x24 && (c === 0x40 || c === 0x42)) return 3;
  return 0;
}

/**
 * ISO-2022-JP bytes with every escape sequence that is directly followed by another one left
 * out. Such an escape switches to a mode that is left again before any character: it changes
 * nothing in the text. But the WHATWG decoder (every browser, so the pane) emits U+FFFD for it,
 * where ICU (Node, so the CLI) emits nothing, and mailers write it all the time: adjacent
 * encoded words each closed with ESC ( B and opened with ESC $ B, joined into one byte run.
 * With this, the pane and the CLI read the same text (test/browser/preview-files.test.ts).
 */
export function collapseIso2022Escapes(bytes: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let o = 0;
  for (let i = 0; i < bytes.length; ) {
    const n = escapeAt(bytes, i);
    if (n > 0 && escapeAt(bytes, i + n) > 0) {
      i += n;
      continue;
    }
    out[o++] = bytes[i++]!;
  }
  return out.subarray(0, o);
}

/** WHATWG's labels for ISO-2022-JP. */
export const ISO2022JP_LABEL = /^\s*(?:csiso2022jp|iso-2022-jp)\s*$/i;

/** Decodes raw ISO-2022-JP escapes left in a 7-bit string; anything else is returned as is. */
export function fixRawIso2022(s: string): string {
  if (!ISO2022_ESCAPE.test(s)) return s;
  const dec = iso2022Decoder();
  if (!dec) return s;
  // Only a pure 7-bit string is a byte-for-byte copy of what was sent.
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return s;
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return dec.decode(collapseIso2022Escapes(bytes));
}

