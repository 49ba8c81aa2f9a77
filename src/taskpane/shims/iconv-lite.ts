/**
 * Browser stand-in for iconv-lite, used only by the .msg reader in the preview bundle
 * (webpack resolve.alias). iconv-lite carries its own code-page tables (about 200 KB gzipped)
 * and Node's Buffer; browsers already decode every code page an Outlook .msg uses through
 * TextDecoder, so the pane maps iconv's names onto WHATWG labels instead.
 */
import { decodeIso2022Jp } from '../../adapters/files/iso2022';

/** iconv-lite encoding names → WHATWG Encoding labels. */
const LABELS: Record<string, string> = {
  cp932: 'shift_jis',
  shift_jis: 'shift_jis',
  sjis: 'shift_jis',
  'euc-jp': 'euc-jp',
  eucjp: 'euc-jp',
  cp936: 'gbk',
  gbk: 'gbk',
  cp949: 'euc-kr',
  cp950: 'big5',
  utf8: 'utf-8',
  'utf-8': 'utf-8',
  utf16le: 'utf-16le',
  ucs2: 'utf-16le',
  'utf-16le': 'utf-16le',
  latin1: 'windows-1252',
  binary: 'windows-1252',
  ascii: 'windows-1252',
};

function labelFor(encoding: string): string {
  const e = encoding.toLowerCase();
  const known = LABELS[e];
  if (known) return known;
  // cp1250 … cp1258 are windows-1250 … windows-1258.
  const cp = /^(?:cp|windows-?)(12[5-8]\d)$/.exec(e);
  return cp ? `windows-${cp[1]}` : e;
}

export function encodingExists(encoding: string): boolean {
  try {
    new TextDecoder(labelFor(encoding));
    return true;
  } catch {
    return false;
  }
}

export function decode(bytes: Uint8Array, encoding: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(labelFor(encoding));
  } catch {
    // An unknown code page still yields readable ASCII instead of stopping the parse.
    decoder = new TextDecoder('windows-1252');
  }
  // The WHATWG ISO-2022-JP decoder writes U+FFFD where ICU (the CLI's iconv-lite) writes
  // nothing; see collapseIso2022Escapes.
  return decoder.encoding === 'iso-2022-jp' ? (decodeIso2022Jp(bytes) ?? decoder.decode(bytes)) : decoder.decode(bytes);
}

/** Only UTF-8 can be encoded in a browser; the reader never writes strings. */
export function encode(text: string, encoding: string): Uint8Array {
  if (labelFor(encoding) !== 'utf-8') throw new Error(`encoding to ${encoding} is not supported in the browser build`);
  return new TextEncoder().encode(text);
}

export default { decode, encode, encodingExists };
