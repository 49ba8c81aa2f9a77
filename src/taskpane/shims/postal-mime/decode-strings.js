/**
 * Stand-in for postal-mime's decode-strings module in the pane: everything is postal-mime's own,
 * except the decoder it hands the MIME parser for an ISO-2022-JP text part: postal-mime caches
 * one TextDecoder per charset, and Chromium's ISO-2022-JP decoder carries state from one text to
 * the next (U+FFFD before the first escape); it also writes U+FFFD for escapes that change
 * nothing, where ICU (the CLI) writes nothing. decodeIso2022Jp (iso2022.ts) uses a fresh decoder
 * on normalised bytes, so the body text the pane reads is the CLI's. (Encoded words are decoded by
 * src/adapters/files/encoded-words.ts, which does the same for both.)
 */
import { getDecoder as originalGetDecoder } from '../../../../node_modules/postal-mime/dist/esm/decode-strings.js?original';
import { decodeIso2022Jp } from '../../../adapters/files/iso2022.ts';

export * from '../../../../node_modules/postal-mime/dist/esm/decode-strings.js?original';

export function getDecoder(charset) {
  const decoder = originalGetDecoder(charset);
  if (decoder.encoding !== 'iso-2022-jp') return decoder;
  // A new decoder per text (Chromium's keeps state between calls) and normalised escapes.
  return {
    encoding: decoder.encoding,
    decode: (input) => decodeIso2022Jp(input instanceof ArrayBuffer ? new Uint8Array(input) : input),
  };
}
