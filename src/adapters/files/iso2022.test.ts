import { collapseIso2022Escapes, fixRawIso2022, ISO2022JP_LABEL } from './iso2022';

const b = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
const E = '\x1b';

describe('collapseIso2022Escapes: only the escapes that change something', () => {
  it.each<[string, string, string]>([
    ['no escapes', 'abc', 'abc'],
    ['single switch kept', `${E}$B0!${E}(B`, `${E}$B0!${E}(B`],
    ['ESC ( B then ESC $ B (joined encoded words)', `${E}$B0!${E}(B${E}$B0"${E}(B`, `${E}$B0!0"${E}(B`],
    ['three in a row keep the last', `${E}(B${E}(J${E}$B0!`, `${E}$B0!${E}(B`],
    ['trailing escapes: closed once, in ASCII', `a${E}$B${E}(B`, 'a'],
    ['ESC ( B at the start changes nothing', `${E}(BA`, 'A'],
    ['ending in JIS X 0208 is closed', `${E}$B0!`, `${E}$B0!${E}(B`],
    ['ending in JIS-Roman is closed', `${E}$B0!${E}(JA`, `${E}$B0!${E}(JA${E}(B`],
    ['ESC $ @ and ESC ( I are escapes too', `${E}$@${E}(I1`, `${E}(I1${E}(B`],
    ['a lone ESC is data', `${E}x${E}$B0!`, `${E}x${E}$B0!${E}(B`],
    ['an unknown escape is data', `${E}(Z${E}$B0!`, `${E}(Z${E}$B0!${E}(B`],
  ])('%s', (_n, input, want) => {
    expect(Array.from(collapseIso2022Escapes(b(input)))).toEqual(b(want));
  });

  it('decodes raw ISO-2022-JP with joined runs to the same text', () => {
    // 会議 written as two runs, each opened and closed.
    expect(fixRawIso2022(`${E}$B2q${E}(B${E}$B5D${E}(B`)).toBe('会議');
  });

  it.each([
    ['iso-2022-jp', true],
    ['ISO-2022-JP', true],
    ['csISO2022JP', true],
    ['iso-2022-jp-2', false],
    ['shift_jis', false],
  ])('label %s is ISO-2022-JP: %s', (label, want) => {
    expect(ISO2022JP_LABEL.test(label as string)).toBe(want);
  });
});
