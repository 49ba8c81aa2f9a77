import { strToU8, zipSync } from 'fflate';
import { refineKind } from './kinds';
import { encodedRuns, MAX_SMUGGLED_PAYLOADS, MIN_SMUGGLED_BASE64_CHARS, scanMarkup } from './markup';
import { sniffKind } from './sniff';

const kindOf = (b: Uint8Array): string => refineKind(sniffKind(b), b);
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
/** Bytes that do not compress away (a linear congruential sequence's high bytes). */
function noise(n: number): Uint8Array {
  const b = new Uint8Array(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

describe('refineKind', () => {
  const itsf = new Uint8Array(64);
  itsf.set(strToU8('ITSF'), 0);
  itsf[4] = 3;
  const one = new Uint8Array(64);
  one.set([0xe4, 0x52, 0x5c, 0x7b, 0x8c, 0xd8, 0xa7, 0x4d, 0xae, 0xb1, 0x53, 0x78, 0xd0, 0x29, 0x96, 0xd3], 0);
  it.each<[string, Uint8Array, string]>([
    ['CHM (ITSF v3)', itsf, 'chm'],
    ['OneNote GUID', one, 'onenote'],
    ['shortcut to a file share', strToU8('[InternetShortcut]\r\nURL=file://198.51.100.7/s/a.pdf\r\n'), 'url-shortcut'],
    ['shortcut to a program on the web', strToU8('[InternetShortcut]\r\nURL=https://example.org/setup.exe\r\n'), 'url-shortcut'],
    ['shortcut with a UNC icon', strToU8('[InternetShortcut]\r\nURL=https://example.org/\r\nIconFile=\\\\198.51.100.7\\x.ico\r\n'), 'url-shortcut'],
    ['bookmark to a web page stays text', strToU8('[DEFAULT]\r\nBASEURL=http://example.org/a.html\r\n[InternetShortcut]\r\nURL=http://example.org/a.html\r\n'), 'text'],
    ['Excel web query', strToU8('WEB\r\n1\r\nhttp://203.0.113.7/q\r\n'), 'iqy'],
    ['SYLK', strToU8('ID;PWXL;N;E\r\nE\r\n'), 'slk'],
    ['SVG with script', strToU8('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'), 'svg'],
    ['plain SVG', strToU8('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>'), 'svg'],
    ['HTA', strToU8('<html><head><hta:application id="x"/></head></html>'), 'hta'],
    ['ordinary HTML', strToU8('<html><body>hello</body></html>'), 'html'],
    ['ordinary text', strToU8('WEB pages are listed below\n'), 'text'],
  ])('%s → %s', (_n, bytes, kind) => {
    expect(kindOf(bytes)).toBe(kind);
  });
});

describe('scanMarkup', () => {
  const payload = zipSync({ 'a.lnk': noise(6000) });
  const page = (body: string): Uint8Array => strToU8(`<html><body>${body}</body></html>`);
  it.each<[string, Uint8Array, { script: boolean; smuggling: boolean; payloads: number }]>([
    ['atob + Blob + msSaveOrOpenBlob with a base64 ZIP', page(`<script>var d="${b64(payload)}";var b=new Blob([atob(d)]);navigator.msSaveOrOpenBlob(b,"x.zip")</script>`), { script: true, smuggling: true, payloads: 1 }],
    ['payload split into concatenated literals', page(`<script>var d="${b64(payload).slice(0, 3000)}" + "${b64(payload).slice(3000)}";atob(d)</script>`), { script: true, smuggling: true, payloads: 1 }],
    ['<a download> with a data:application URI', page(`<a download="x.zip" href="data:application/octet-stream;base64,${b64(payload)}">x</a>`), { script: false, smuggling: true, payloads: 1 }],
    ['hex payload with atob-free Blob', page(`<script>var h="${Buffer.from(payload).toString('hex')}";new Blob([h])</script>`), { script: true, smuggling: true, payloads: 1 }],
    ['newsletter: large inline image, no markers', page(`<img src="data:image/png;base64,${b64(noise(6000))}"><a href="https://example.org/">x</a>`), { script: false, smuggling: false, payloads: 0 }],
    ['markers without a payload', page('<script>var b=new Blob(["hello"]);</script>'), { script: true, smuggling: false, payloads: 0 }],
    ['event handler counts as script', page('<div onclick="x()">x</div>'), { script: true, smuggling: false, payloads: 0 }],
  ])('%s', (_n, bytes, want) => {
    const s = scanMarkup(bytes, 1 << 20);
    expect({ script: s.info.script, smuggling: s.info.smuggling.length > 0, payloads: s.payloads.length }).toEqual(want);
    if (want.payloads > 0) expect(s.payloads[0]?.bytes.subarray(0, 4)).toEqual(Uint8Array.from([0x50, 0x4b, 0x03, 0x04]));
  });

  it('names the payload after the page\'s download name', () => {
    const s = scanMarkup(page(`<script>var d="${b64(payload)}";var b=new Blob([atob(d)]);navigator.msSaveOrOpenBlob(b, "会議資料.zip")</script>`), 1 << 20);
    expect(s.payloads[0]?.name).toBe('会議資料.zip');
  });

  it('does not decode a payload above the byte budget, and says so', () => {
    const s = scanMarkup(page(`<script>atob("${b64(payload)}")</script>`), 100);
    expect(s.payloads).toEqual([]);
    expect(s.skipped).toBe(1);
  });

  it('finds runs in one linear pass, capped just above the payload limit', () => {
    const run = 'A'.repeat(MIN_SMUGGLED_BASE64_CHARS);
    expect(encodedRuns(`;${run}==;`, false)).toEqual([{ s: `${run}==`, hex: false }]);
    expect(encodedRuns('A'.repeat(MIN_SMUGGLED_BASE64_CHARS - 1), false)).toEqual([]);
    expect(encodedRuns(Array.from({ length: 50 }, () => run).join(' '), false)).toHaveLength(MAX_SMUGGLED_PAYLOADS + 1);
    // Many runs just under the threshold: linear, not quadratic (this would take minutes with a {4096,} regex).
    const t0 = Date.now();
    encodedRuns(Array.from({ length: 2000 }, () => 'A'.repeat(MIN_SMUGGLED_BASE64_CHARS - 1)).join(' '), false);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
