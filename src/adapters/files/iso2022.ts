/**
 * Old Japanese mailers wrote ISO-2022-JP straight into headers and bodies without MIME
 * encoding or a charset label. Such text is 7-bit, so it survives UTF-8 decoding with its
 * escape sequences intact and can be decoded again here.
 */
const ISO2022_ESCAPE = /\x1b(?:\$[@B]|\$\(D|\([BJI])/;

/**
 * ISO-2022-JP bytes to text, with a new decoder every time: Chromium's ISO-2022-JP decoder keeps
 * its "output" flag from one decode() call to the next, so a reused decoder writes U+FFFD before
 * the first escape of every text after the first (seen in the preview: 「�空メール…」). Undefined
 * on a runtime without the encoding (Node without full ICU).
 */
export function decodeIso2022Jp(bytes: ArrayLike<number>): string | undefined {
  let dec: TextDecoder;
  try {
    dec = new TextDecoder('iso-2022-jp');
  } catch {
    return undefined;
  }
  return dec.decode(collapseIso2022Escapes(bytes));
}

/** The mode an ISO-2022-JP escape at `i` switches to (ESC ( B / J / I, ESC $ @ / B), or null. */
function escapeAt(b: ArrayLike<number>, i: number): 'ascii' | 'roman' | 'katakana' | 'jis0208' | null {
  if (b[i] !== 0x1b) return null;
  const a = b[i + 1];
  const c = b[i + 2];
  if (a === 0x28) return c === 0x42 ? 'ascii' : c === 0x4a ? 'roman' : c === 0x49 ? 'katakana' : null;
  if (a === 0x24 && (c === 0x40 || c === 0x42)) return 'jis0208';
  return null;
}

/**
 * ISO-2022-JP bytes with only the escape sequences that change something: an escape into the
 * mode already in force, or one followed by another before any character, is left out, and a
 * text that ends outside ASCII is closed with ESC ( B. None of that changes the text. The WHATWG
 * decoder (every browser, so the pane) writes U+FFFD for an escape followed by another, where
 * ICU (Node, so the CLI) writes nothing, and mailers write that all the time: adjacent encoded
 * words, each closed with ESC ( B and reopened with ESC $ B, joined into one byte run. The other
 * two are the same kind of no-op, normalised so that no decoder has a reason to differ. With this
 * the pane and the CLI read the same text (test/browser/preview-files.test.ts compares every
 * Japanese message in the corpora).
 */
export function collapseIso2022Escapes(bytes: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(bytes.length + 3);
  let o = 0;
  let mode: ReturnType<typeof escapeAt> = 'ascii';
  /** The last escape read and not yet followed by a character. */
  let pending: { at: number; mode: NonNullable<ReturnType<typeof escapeAt>> } | null = null;
  for (let i = 0; i < bytes.length; ) {
    const next = escapeAt(bytes, i);
    if (next) {
      pending = { at: i, mode: next };
      i += 3;
      continue;
    }
    if (pending) {
      if (pending.mode !== mode) {
        for (let k = 0; k < 3; k++) out[o++] = bytes[pending.at + k]!;
        mode = pending.mode;
      }
      pending = null;
    }
    out[o++] = bytes[i++]!;
  }
  if (mode !== 'ascii') {
    out[o++] = 0x1b;
    out[o++] = 0x28;
    out[o++] = 0x42;
  }
  return out.subarray(0, o);
}

/** WHATWG's labels for ISO-2022-JP. */
export const ISO2022JP_LABEL = /^\s*(?:csiso2022jp|iso-2022-jp)\s*$/i;

/** Decodes raw ISO-2022-JP escapes left in a 7-bit string; anything else is returned as is. */
export function fixRawIso2022(s: string): string {
  if (!ISO2022_ESCAPE.test(s)) return s;
  // Only a pure 7-bit string is a byte-for-byte copy of what was sent.
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return s;
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  // A runtime without full ICU: leave the escapes in rather than fail.
  return decodeIso2022Jp(bytes) ?? s;
}
