/**
 * manifest.xml: offline XSD validation (Microsoft's schemas in ../shared/schemas), the lint for what
 * the XSD cannot see, rendering for an admin's host, the version rules and the committed icons.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { inflateSync } from 'zlib';
import fc from 'fast-check';
import {
  checkVersionBump,
  lastTaggedVersion,
  lintManifest,
  readPngSize,
  renderManifest,
  type LintOptions,
} from '../scripts/manifest/render-manifest';
import { ASSETS_DIR, PACKAGE_VERSION, REPO_ROOT, readCheckedInManifest, removeTempDirs, replaceOnce, tempAssets, tempDir, xsd } from './helpers/xsd';

const DEPLOY_BASE = 'https://addins.example.go.jp/mirrorface-guard/';
const manifest = readCheckedInManifest();
const lintOptions: LintOptions = { assetsDir: ASSETS_DIR, packageVersion: PACKAGE_VERSION };
const rules = (xml: string, options: LintOptions = lintOptions): string[] => lintManifest(xml, options).map((p) => p.rule);
const icon = (size: number): Buffer => fs.readFileSync(path.join(ASSETS_DIR, `icon-${size}.png`));

afterAll(removeTempDirs);

describe('the checked-in manifest', () => {
  it('validates against the Office add-in XSDs', async () => {
    expect(await xsd(manifest)).toEqual({ valid: true, errors: [] });
  });

  it('is lint-clean against the committed icons and package.json', () => {
    expect(lintManifest(manifest, lintOptions)).toEqual([]);
  });

  it('carries package.json version + ".0"', () => {
    expect(manifest).toContain(`<Version>${PACKAGE_VERSION}.0</Version>`);
  });
});

describe('renderManifest for an admin host', () => {
  const rendered = renderManifest(manifest, DEPLOY_BASE);
  const urls = [...rendered.matchAll(/(?:DefaultValue|Value)="(https?:\/\/[^"]*)"/g)].map((m) => m[1] ?? '');

  it('still validates and lints clean', async () => {
    expect(await xsd(rendered)).toEqual({ valid: true, errors: [] });
    expect(lintManifest(rendered, lintOptions)).toEqual([]);
  });

  it('leaves no localhost anywhere and puts every URL under the base', () => {
    expect(rendered).not.toMatch(/localhost/i);
    // IconUrl, HighResolutionIconUrl, SupportUrl, SourceLocation, three bt:Image, one bt:Url.
    expect(urls).toHaveLength(8);
    for (const u of urls) expect(u.startsWith(DEPLOY_BASE)).toBe(true);
  });

  it.each([
    ['IconUrl', `${DEPLOY_BASE}assets/icon-64.png?v=0.1.0.0`],
    ['HighResolutionIconUrl', `${DEPLOY_BASE}assets/icon-128.png?v=0.1.0.0`],
    ['SourceLocation', `${DEPLOY_BASE}taskpane.html?v=0.1.0.0`],
    ['bt:Image id="Icon.16x16"', `${DEPLOY_BASE}assets/icon-16.png?v=0.1.0.0`],
    ['bt:Url id="Taskpane.Url"', `${DEPLOY_BASE}taskpane.html?v=0.1.0.0`],
    ['SupportUrl', `${DEPLOY_BASE}support.html`],
  ])('%s becomes %s', (element, url) => {
    expect(rendered).toContain(`<${element} DefaultValue="${url}"`);
  });

  it.each([
    ['no trailing slash', 'https://addins.example.go.jp/mirrorface-guard'],
    ['surrounding spaces', '  https://addins.example.go.jp/mirrorface-guard/  '],
  ])('normalises a base URL with %s', (_n, base) => {
    expect(renderManifest(manifest, base)).toBe(rendered);
  });

  it('escapes XML-special characters a path may hold, and stays valid', async () => {
    const out = renderManifest(manifest, "https://intra.example.go.jp/a&b'c/");
    expect(out).toContain('https://intra.example.go.jp/a&amp;b&apos;c/taskpane.html?v=0.1.0.0');
    expect((await xsd(out)).valid).toBe(true);
  });

  it('labels the output as generated and drops the development comments', () => {
    expect(rendered.split('\n')[1]).toBe(`<!-- Generated from manifest.xml for ${DEPLOY_BASE}; edit the source, not this file. -->`);
    expect(rendered.match(/<!--/g)).toHaveLength(1);
  });

  it('rewrites an AppDomain for the dev origin to the base origin', () => {
    const withDomain = replaceOnce(manifest, '  <Hosts>\n', '  <AppDomains>\n    <AppDomain>https://localhost:3000</AppDomain>\n  </AppDomains>\n  <Hosts>\n');
    expect(renderManifest(withDomain, DEPLOY_BASE)).toContain('<AppDomain>https://addins.example.go.jp</AppDomain>');
  });

  it('renders for the development host itself (webpack renders every build)', () => {
    const dev = renderManifest(manifest, 'https://localhost:3000/');
    expect(dev.split('\n')[1]).toBe('<!-- Generated from manifest.xml for https://localhost:3000/; edit the source, not this file. -->');
    expect(dev).toMatch(/<SourceLocation DefaultValue="https:\/\/localhost:3000\/taskpane\.html\?v=[0-9.]+"/);
  });

  it('refuses to emit a localhost URL it does not know how to rewrite', () => {
    const odd = replaceOnce(manifest, '<ProviderName>MirrorFace Guard contributors', '<ProviderName>https://localhost:3000/x');
    expect(() => renderManifest(odd, DEPLOY_BASE)).toThrow(/not rewritten/);
  });

  it.each([
    ['plain http', 'http://addins.example.go.jp/'],
    ['http localhost without the option', 'http://localhost:3000/'],
    ['ftp', 'ftp://addins.example.go.jp/'],
    ['credentials', 'https://admin:secret@addins.example.go.jp/'],
    ['a query', 'https://addins.example.go.jp/?x=1'],
    ['a fragment', 'https://addins.example.go.jp/#top'],
    ['not a URL', 'addins.example.go.jp/mirrorface-guard/'],
    ['empty', ''],
  ])('rejects a base URL with %s', (_n, base) => {
    expect(() => renderManifest(manifest, base)).toThrow(/renderManifest: baseUrl/);
  });

  it('allows http://localhost only when asked, and never another http host', () => {
    expect(renderManifest(manifest, 'http://localhost:8080/', { allowInsecureLocalhost: true })).toContain(
      'DefaultValue="http://localhost:8080/taskpane.html?v=0.1.0.0"',
    );
    expect(() => renderManifest(manifest, 'http://intranet.example/', { allowInsecureLocalhost: true })).toThrow(/https/);
  });
});

// ------------------------------------------------------------------------------------------------
// Negative table: every broken manifest must fail the XSD, the lint, or both, for the stated reason.

const WRONG_SIZE_16 = tempAssets({ 'icon-16.png': icon(32) });
const MISSING_80 = tempAssets({ 'icon-80.png': null });
const NOT_PNG_64 = tempAssets({ 'icon-64.png': Buffer.from('GIF89a not really an icon at all') });

interface Broken {
  edit: (xml: string) => string;
  /** Substring expected in the XSD errors, if the XSD must reject it. */
  xsd?: string;
  /** Lint rule expected, if the lint must report it. */
  lint?: string;
  options?: Partial<LintOptions>;
}

const brokenCases: Array<[string, Broken]> = [
  [
    'SupportsPinning inside a VersionOverridesV1_0 action',
    {
      // (SupportsSharedFolders goes too: it is a v1.1 element and would be the first error.)
      edit: (x) =>
        replaceOnce(
          replaceOnce(
            replaceOnce(x, /\s*<SupportsSharedFolders>true<\/SupportsSharedFolders>/, ''),
            /\s*<VersionOverrides xmlns="http:\/\/schemas.microsoft.com\/office\/mailappversionoverrides\/1.1"[^>]*>/,
            '',
          ),
          /\s*<\/VersionOverrides>/,
          '',
        ),
      xsd: 'SupportsPinning',
      lint: 'pinning',
    },
  ],
  ['Permissions ReadWriteMailbox', { edit: (x) => replaceOnce(x, '>ReadItem<', '>ReadWriteMailbox<'), lint: 'permissions' }],
  ['Permissions ReadWriteItem', { edit: (x) => replaceOnce(x, '>ReadItem<', '>ReadWriteItem<'), lint: 'permissions' }],
  ['an unknown permission', { edit: (x) => replaceOnce(x, '>ReadItem<', '>ReadMail<'), xsd: 'ReadMail', lint: 'permissions' }],
  ['Permissions before FormSettings', { edit: (x) => replaceOnce(replaceOnce(x, /\s*<Permissions>ReadItem<\/Permissions>/, ''), '  <FormSettings>', '  <Permissions>ReadItem</Permissions>\n  <FormSettings>'), xsd: 'FormSettings' }],
  ['an http SupportUrl', { edit: (x) => replaceOnce(x, 'https://localhost:3000/support.html', 'http://localhost:3000/support.html'), lint: 'https' }],
  ['an http icon in Resources', { edit: (x) => replaceOnce(x, 'https://localhost:3000/assets/icon-80.png', 'http://cdn.example/icon-80.png'), lint: 'https' }],
  ['a dangling resid', { edit: (x) => replaceOnce(x, '<Label resid="PaneButton.Label"/>', '<Label resid="PaneButton.Labl"/>'), lint: 'resid-undefined' }],
  ['a resource nobody uses', { edit: (x) => replaceOnce(x, '</bt:ShortStrings>', '  <bt:String id="Spare.Label" DefaultValue="Spare"><bt:Override Locale="ja-JP" Value="予備"/></bt:String>\n        </bt:ShortStrings>'), lint: 'resid-unused' }],
  ['a resid longer than 32 characters', { edit: (x) => x.split('PaneButton.Tooltip').join('PaneButton.TooltipThatIsFarTooLong'), lint: 'resid-length' }],
  ['a Title pointing at a LongString', { edit: (x) => replaceOnce(x, '<Title resid="PaneButton.Title"/>', '<Title resid="PaneButton.Tooltip"/>'), lint: 'resid-kind' }],
  ['the same resource id twice', { edit: (x) => replaceOnce(x, '<bt:String id="PaneButton.Title"', '<bt:String id="PaneButton.Label"'), lint: 'resid-duplicate' }],
  ['a 16 px icon that is really 32 px', { edit: (x) => x, lint: 'icon-size', options: { assetsDir: WRONG_SIZE_16 } }],
  ['an icon used at a size its id contradicts', { edit: (x) => replaceOnce(x, '<bt:Image size="32" resid="Icon.32x32"/>', '<bt:Image size="32" resid="Icon.80x80"/>\n                      <bt:Image size="20" resid="Icon.32x32"/>'), lint: 'icon-size' }],
  ['a missing icon file', { edit: (x) => x, lint: 'icon-file', options: { assetsDir: MISSING_80 } }],
  ['an icon that is not a PNG', { edit: (x) => x, lint: 'icon-file', options: { assetsDir: NOT_PNG_64 } }],
  ['a button without its 80 px icon', { edit: (x) => replaceOnce(replaceOnce(x, /\s*<bt:Image size="80" resid="Icon.80x80"\/>/, ''), /\s*<bt:Image id="Icon.80x80"[^>]*\/>/, ''), lint: 'icon' }],
  ['a Version behind package.json', { edit: (x) => x, lint: 'version-package', options: { packageVersion: '0.2.0' } }],
  ['a three-part Version', { edit: (x) => replaceOnce(x, '<Version>0.1.0.0</Version>', '<Version>0.1.0</Version>'), lint: 'version-format' }],
  ['a Version that is not a version', { edit: (x) => replaceOnce(x, '<Version>0.1.0.0</Version>', '<Version>v0.1</Version>'), xsd: 'Version', lint: 'version-format' }],
  ['no ja-JP DisplayName', { edit: (x) => replaceOnce(x, /\s*<Override Locale="ja-JP" Value="MirrorFace Guard（[^"]*"\/>/, ''), lint: 'ja-override' }],
  ['no ja-JP Description', { edit: (x) => replaceOnce(x, /(<Description[^>]*>)\s*<Override[^>]*\/>/, '$1'), lint: 'ja-override' }],
  ['no ja-JP tooltip', { edit: (x) => replaceOnce(x, /\s*<bt:Override Locale="ja-JP" Value="このメールを MirrorFace（Earth Kasha）[^"]*"\/>/, ''), lint: 'ja-override' }],
  ['a ja-JP label left in English', { edit: (x) => replaceOnce(x, 'Value="標的型メールを確認"', 'Value="Check for MirrorFace"'), lint: 'ja-override' }],
  ['SupportsPinning false', { edit: (x) => replaceOnce(x, '<SupportsPinning>true</SupportsPinning>', '<SupportsPinning>false</SupportsPinning>'), lint: 'pinning' }],
  ['no SupportsPinning', { edit: (x) => replaceOnce(x, /\s*<SupportsPinning>true<\/SupportsPinning>/, ''), lint: 'pinning' }],
  ['no SupportsSharedFolders', { edit: (x) => replaceOnce(x, /\s*<SupportsSharedFolders>true<\/SupportsSharedFolders>/, ''), lint: 'shared-folders' }],
  ['SupportsSharedFolders false', { edit: (x) => replaceOnce(x, '<SupportsSharedFolders>true</SupportsSharedFolders>', '<SupportsSharedFolders>false</SupportsSharedFolders>'), lint: 'shared-folders' }],
  // The in-memory XSD patch adds the element with its type and place, not "anything goes".
  ['SupportsSharedFolders that is not a boolean', { edit: (x) => replaceOnce(x, '<SupportsSharedFolders>true</SupportsSharedFolders>', '<SupportsSharedFolders>yes</SupportsSharedFolders>'), xsd: 'SupportsSharedFolders' }],
  [
    'SupportsSharedFolders after the extension point',
    {
      edit: (x) =>
        replaceOnce(replaceOnce(x, /\s*<SupportsSharedFolders>true<\/SupportsSharedFolders>/, ''), '</ExtensionPoint>', '</ExtensionPoint>\n            <SupportsSharedFolders>true</SupportsSharedFolders>'),
      xsd: 'SupportsSharedFolders',
    },
  ],
  ['a compose surface instead of the read surface', { edit: (x) => replaceOnce(x, 'MessageReadCommandSurface', 'MessageComposeCommandSurface'), lint: 'surface' }],
  ['a base requirement of Mailbox 1.8', { edit: (x) => replaceOnce(x, 'MinVersion="1.1"', 'MinVersion="1.8"'), lint: 'requirements' }],
  ['an override requirement below 1.5', { edit: (x) => replaceOnce(x, 'DefaultMinVersion="1.5"', 'DefaultMinVersion="1.3"'), lint: 'requirements' }],
  ['a TaskPaneApp root', { edit: (x) => replaceOnce(x, 'xsi:type="MailApp"', 'xsi:type="TaskPaneApp"'), lint: 'root' }],
  ['an unclosed element', { edit: (x) => replaceOnce(x, '</OfficeApp>', ''), xsd: 'line', lint: 'xml' }],
  ['a DOCTYPE with an entity', { edit: (x) => replaceOnce(x, '<OfficeApp ', '<!DOCTYPE OfficeApp [<!ENTITY e "x">]>\n<OfficeApp '), lint: 'xml' }],
];

describe.each(brokenCases)('a manifest with %s', (_name, c) => {
  const broken = c.edit(manifest);

  if (c.xsd !== undefined) {
    it(`fails the XSD (mentioning "${c.xsd}")`, async () => {
      const result = await xsd(broken);
      expect(result.valid).toBe(false);
      expect(result.errors.join('\n')).toContain(c.xsd);
    });
  }
  if (c.lint !== undefined) {
    it(`fails the lint with ${c.lint}`, () => {
      expect(rules(broken, { ...lintOptions, ...c.options })).toContain(c.lint);
    });
  }
});

describe('version bumps between releases', () => {
  it.each<[string, string, string | null, boolean, boolean]>([
    ['no release yet', '0.1.0.0', null, true, true],
    ['a higher version', '0.2.0.0', '0.1.0.0', true, true],
    ['a numerically higher minor (10 > 9)', '0.10.0.0', '0.9.0.0', true, true],
    ['the release itself, unchanged', '0.1.0.0', '0.1.0.0', false, true],
    ['an edited manifest that kept the version', '0.1.0.0', '0.1.0.0', true, false],
    ['a version that went backwards', '0.1.0.0', '0.2.0.0', false, false],
    ['a patch that went backwards', '1.2.3.0', '1.2.4.0', true, false],
  ])('%s: %s after %s (manifest changed: %s) -> ok=%s', (_n, current, previous, manifestChanged, ok) => {
    const problems = checkVersionBump(current, previous, { manifestChanged });
    expect(problems.length === 0).toBe(ok);
    if (!ok) expect(problems[0]?.rule).toBe('version-bump');
  });

  it('reads the last tag and notices a manifest edited since then (throw-away git repository)', () => {
    const dir = tempDir('mfg-git-');
    const git = (...args: string[]): string =>
      execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    git('init', '-q');
    fs.writeFileSync(path.join(dir, 'manifest.xml'), manifest);
    git('add', 'manifest.xml');
    git('commit', '-q', '-m', 'release');
    expect(lastTaggedVersion({ repoDir: dir })).toBeNull();
    git('tag', 'v0.1.0');
    expect(lastTaggedVersion({ repoDir: dir })).toEqual({ tag: 'v0.1.0', version: '0.1.0.0', manifestChanged: false });
    fs.writeFileSync(path.join(dir, 'manifest.xml'), manifest.replace('RequestedHeight>250', 'RequestedHeight>300'));
    const tagged = lastTaggedVersion({ repoDir: dir });
    expect(tagged).toEqual({ tag: 'v0.1.0', version: '0.1.0.0', manifestChanged: true });
    expect(checkVersionBump('0.1.0.0', tagged?.version, tagged ?? {})).toHaveLength(1);
  });

  it('finds no tag outside a git checkout', () => {
    expect(lastTaggedVersion({ repoDir: tempDir('mfg-nogit-') })).toBeNull();
  });
});

describe('the committed icons', () => {
  /** Alpha of the top-left pixel: the first scanline's first pixel is the same under every PNG filter. */
  function cornerAlpha(png: Buffer): number {
    const chunks: Buffer[] = [];
    for (let at = 8; at < png.length; ) {
      const len = png.readUInt32BE(at);
      if (png.toString('latin1', at + 4, at + 8) === 'IDAT') chunks.push(png.subarray(at + 8, at + 8 + len));
      at += 12 + len;
    }
    return inflateSync(Buffer.concat(chunks))[4] ?? -1;
  }

  it.each([16, 32, 64, 80, 128].map((s) => [s, s]))('icon-%i.png is a %i px square RGBA PNG with a transparent background', (size) => {
    const png = icon(size);
    expect(readPngSize(png)).toEqual({ width: size, height: size });
    expect(png[25]).toBe(6);
    expect(cornerAlpha(png)).toBe(0);
  });

  it('has its drawn source beside it', () => {
    expect(fs.readFileSync(path.join(REPO_ROOT, 'assets', 'icon.svg'), 'utf8')).toMatch(/<svg[^>]*viewBox="0 0 32 32"/);
  });
});

describe('hostile input', () => {
  it.each([
    ['empty', ''],
    ['a lone angle bracket', '<'],
    ['text only', 'hello'],
    ['two roots', '<a/><b/>'],
    ['a bare ampersand', '<a>&</a>'],
    ['an undeclared prefix', '<x:a/>'],
    ['deep nesting', '<a>'.repeat(10000) + '</a>'.repeat(10000)],
    ['over 256 KB', `<OfficeApp>${' '.repeat(300 * 1024)}</OfficeApp>`],
  ])('lintManifest reports %s as problems instead of throwing', (_n, text) => {
    expect(lintManifest(text, lintOptions).length).toBeGreaterThan(0);
  });

  it('lintManifest never throws on arbitrary text (seeded)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        expect(Array.isArray(lintManifest(s, lintOptions))).toBe(true);
      }),
      { seed: 20261121, numRuns: 300 },
    );
  });

  it('validateManifestXsd rejects an oversize manifest without running xmllint', async () => {
    const result = await xsd(`<OfficeApp>${' '.repeat(300 * 1024)}</OfficeApp>`);
    expect(result.valid).toBe(false);
    expect(result.errors[0]).toMatch(/limit/);
  });
});
