import { nodeHasher } from '../hash/node-hasher';
import { decodeEncodedWords, decodeUtf7, decodeWindows1252 } from './encoded-words';
import { parseAddressHeader } from './headers';
import { parseMessageBytes } from './index';

const sjis = (s: string): number[] => {
  // The few characters these tests need, in Shift_JIS (CP932).
  const table: Record<string, number[]> = {
    資: [0x8e, 0x91],
    料: [0x97, 0xbf],
    の: [0x82, 0xcc],
    ご: [0x82, 0xb2],
    送: [0x91, 0x97],
    付: [0x95, 0x74],
    田: [0x93, 0x63],
    中: [0x92, 0x86],
  };
  return [...s].flatMap((c) => table[c] ?? [c.charCodeAt(0)]);
};
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

async function parse(bytes: number[] | string) {
  const b = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : new Uint8Array(bytes);
  const [rec] = await parseMessageBytes(b, { hasher: nodeHasher });
  expect(rec?.error).toBeUndefined();
  return rec!.message!;
}

describe('encoded words are decoded once', () => {
  it.each<[string, string, string]>([
    ['plain text is untouched', 'Re: 会議 =? not a word', 'Re: 会議 =? not a word'],
    ['one word', '=?UTF-8?B?5Lya6K2w?=', '会議'],
    ['whitespace between words is folding', '=?UTF-8?B?5Lya?= \r\n =?UTF-8?B?6K2w?=', '会議'],
    ['text between words is kept', '=?UTF-8?B?5Lya?= und =?UTF-8?B?6K2w?=', '会 und 議'],
    // 会議資料 split inside 議 (E8 AD B0): the first word ends in padding, which postal-mime will not join.
    ['UTF-8 split across padded base64 words', '=?UTF-8?B?5Lya6A==?= =?UTF-8?B?rbDos4fmlpk=?=', '会議資料'],
    ['UTF-8 split across words with differently cased charsets', '=?UTF-8?Q?=E4=BC=9A=E8?= =?utf-8?Q?=AD=B0?=', '会議'],
    ['UTF-8 split across Q words', '=?utf-8?Q?=E4=BC?= =?utf-8?Q?=9A?=', '会'],
    ['Q underscores are spaces', '=?utf-8?Q?a_b?=', 'a b'],
    ['RFC 2231 language suffix', '=?utf-8*ja?B?5Lya6K2w?=', '会議'],
    ['ISO-2022-JP', '=?ISO-2022-JP?B?GyRCMnE1RBsoQg==?=', '会議'],
    ['Shift_JIS through postal-mime\'s alias table', '=?x-sjis?B?ie+LYw==?=', '会議'],
    ['already-decoded text inside a Q word is not decoded again', '=?shift_jis?Q?資料のご送付?=', '資料のご送付'],
    ['utf-7', '=?utf-7?Q?+MFMwkzBrMGEwbw_1+-1?=', 'こんにちは 1+1'],
    ['UNICODE-1-1-UTF-7 label', '=?UNICODE-1-1-UTF-7?B?K01GTXdrekJyTUdFd2J3?=', 'こんにちは'],
    ['windows-1252 0x80–0x9F', '=?windows-1252?Q?=93Angebot=94_=80_5=96=99?=', '“Angebot” € 5–™'],
    ['iso-8859-1 labels reach the same decoder', '=?iso-8859-1?Q?caf=E9?=', 'café'],
    ['an unknown charset does not throw', '=?x-no-such?B?YWJj?=', 'abc'],
  ])('%s', (_name, input, expected) => {
    expect(decodeEncodedWords(input)).toBe(expected);
  });

  it('decodes the windows-1252 table and UTF-7 directly', () => {
    expect(decodeWindows1252([0x80, 0x8a, 0x9f, 0x81, 0xe9])).toBe('€ŠŸ\u0081é');
    expect(decodeUtf7(ascii('A+ImIDkQ.'))).toBe('A\u2262\u0391.');
    expect(decodeUtf7(ascii('+AGEAYgBj'))).toBe('abc');
  });
});

describe('addresses', () => {
  it.each<[string, string, { name: string; address: string }[]]>([
    ['escaped ) in a comment after a bare address', 'tanaka@example.jp (Taro \\) Tanaka)', [{ name: 'Taro ) Tanaka', address: 'tanaka@example.jp' }]],
    ['comment after a named address is not the name', '"Taro" <a@example.jp> (comment \\) still comment)', [{ name: 'Taro', address: 'a@example.jp' }]],
    ['nested comment', 'a@example.jp (Taro (the boss) Tanaka)', [{ name: 'Taro (the boss) Tanaka', address: 'a@example.jp' }]],
    ['comment between name and address', 'Taro (x\\)y) <a@example.jp>', [{ name: 'Taro', address: 'a@example.jp' }]],
    ['quoted encoded word', '"=?UTF-8?B?5bGx55Sw?=" <y@example.jp>', [{ name: '山田', address: 'y@example.jp' }]],
    ['encoded phrase split across words', '=?UTF-8?B?5Lya6A==?= =?UTF-8?B?rbA=?= <k@example.jp>', [{ name: '会議', address: 'k@example.jp' }]],
    ['decoded comma stays in the name', '=?UTF-8?Q?Tanaka=2C_Taro?= <t@example.jp>, b@example.jp', [
      { name: 'Tanaka, Taro', address: 't@example.jp' },
      { name: '', address: 'b@example.jp' },
    ]],
    ['groups are flattened', 'Team: a@example.jp (A), "B" <b@example.jp>;', [
      { name: 'A', address: 'a@example.jp' },
      { name: 'B', address: 'b@example.jp' },
    ]],
  ])('%s', (_n, value, expected) => {
    expect(parseAddressHeader(value)).toEqual(expected);
  });
});

describe('message fields and message.headers come back decoded', () => {
  it('header values in message.headers are RFC 2047-decoded', async () => {
    const m = await parse(
      'From: =?UTF-8?B?5bGx55Sw?= <y@example.jp>\r\nTo: a@example.go.jp\r\nSubject: =?UTF-8?B?5Lya6A==?= =?UTF-8?B?rbA=?=\r\nX-Note: =?windows-1252?Q?=93hi=94?=\r\nContent-Type: text/plain\r\n\r\nbody\r\n',
    );
    const value = (n: string): string | undefined => m.headers.find((h) => h.name.toLowerCase() === n)?.value;
    expect(value('subject')).toBe('会議');
    expect(value('from')).toBe('山田 <y@example.jp>');
    expect(value('x-note')).toBe('“hi”');
    expect(m.subject).toBe('会議');
    expect(m.from).toEqual({ name: '山田', address: 'y@example.jp' });
  });

  it('a raw Shift_JIS subject inside an encoded word is not mojibake', async () => {
    const m = await parse([
      ...ascii('From: '),
      ...ascii('=?shift_jis?Q?'),
      ...sjis('田中'),
      ...ascii('?= <t@example.jp>\r\nTo: a@example.go.jp\r\nSubject: =?shift_jis?Q?'),
      ...sjis('資料のご送付'),
      ...ascii('?=\r\nContent-Type: text/plain; charset=shift_jis\r\n\r\nbody\r\n'),
    ]);
    expect(m.subject).toBe('資料のご送付');
    expect(m.from).toEqual({ name: '田中', address: 't@example.jp' });
  });

  it('a From comment with an escaped ) gives the right name', async () => {
    const m = await parse('From: tanaka@example.jp (Taro \\) Tanaka)\r\nTo: a@example.go.jp\r\nSubject: x\r\n\r\nbody\r\n');
    expect(m.from).toEqual({ name: 'Taro ) Tanaka', address: 'tanaka@example.jp' });
  });
});
