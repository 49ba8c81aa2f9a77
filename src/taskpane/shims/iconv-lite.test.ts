/** The pane's iconv-lite stand-in (webpack resolve.alias) decodes the .msg reader's code pages as iconv-lite does. */
import { decode as decodeShim } from './iconv-lite';

describe('iconv-lite shim (the .msg reader in the browser)', () => {
  it.each([
    ['cp932', [0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea], '日本語'],
    ['euc-jp', [0xc6, 0xfc, 0xcb, 0xdc], '日本'],
    ['utf16le', [0x65, 0x00, 0xe5, 0x65], 'e日'],
    ['no-such-codepage', [0x41, 0x42], 'AB'],
  ])('%s', (enc, bytes, text) => {
    expect(decodeShim(new Uint8Array(bytes), enc)).toBe(text);
  });
});
