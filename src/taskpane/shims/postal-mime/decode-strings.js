/**
 * Stand-in for postal-mime's decode-strings module in the pane: everything is postal-mime's own,
 * except that the decoder it hands the MIME parser for an ISO-2022-JP text part first leaves out
 * the escape sequences that change nothing, for which the browser's (WHATWG) decoder writes
 * U+FFFD and Node's (ICU) writes nothing (see collapseIso2022Escapes). The body text the pane
 * reads is then the CLI's. (Encoded words are decoded by src/adapters/files/encoded-words.ts,
 * which does the same for both.)
 */
import { getDecoder as originalGetDecoder } from '../../../../node_modules/postal-mime/dist/esm/decode-strings.js?original';
import { collapseIso2022Escapes } from '../../../adapters/files/iso2022.ts';

export * from '../../../../node_modules/postal-mime/dist/esm/decode-strings.js?original';

export function getDecoder(charset) {
  const decoder = originalGetDecoder(charset);
  if (decoder.encoding !== 'iso-2022-jp') return decoder;
  return {
    encoding: decoder.encoding,
    decode: (input, options) => decoder.decode(collapseIso2022Escapes(input instanceof ArrayBuffer ? new Uint8Array(input) : input), options),
  };
}
