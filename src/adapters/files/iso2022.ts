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

/** Decodes raw ISO-2022-JP escapes left in a 7-bit string; anything else is returned as is. */
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

