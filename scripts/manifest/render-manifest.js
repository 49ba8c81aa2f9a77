'use strict';
/**
 * Turns the checked-in development manifest into the one an admin deploys, and lints a manifest
 * for what the XSD cannot see (cross-references, icon pixels, HTTPS, versions, Japanese text).
 * CommonJS without TypeScript so that webpack.config.js, the CLI and Jest can all require it.
 */
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { parseXml, escapeXml, descendants, attr, child, childrenNamed, xsiType } = require('./xml-tree');

/** Every URL in the checked-in manifest starts with this; it is what `npm start` serves. */
const DEV_BASE_URL = 'https://localhost:3000/';
const DEV_ORIGIN = 'https://localhost:3000';
const REPO_ROOT = path.resolve(__dirname, '../..');

const NS_MAIL_OVERRIDES_1_1 = 'http://schemas.microsoft.com/office/mailappversionoverrides/1.1';

/** From OfficeAppBasicTypesV1_0.xsd; Outlook rejects longer ids at install time. */
const MAX_RESID_LENGTH = 32;
/** Schema limits for bt:ShortString / bt:LongString, also applied to Override values. */
const MAX_SHORT_STRING = 125;
const MAX_LONG_STRING = 250;
/** The schema's URL type; a long base path plus ?v= could cross it. */
const MAX_URL_LENGTH = 2048;
/** Outlook refuses manifests above 256 KB (limits-for-activation page). */
const MAX_MANIFEST_BYTES = 256 * 1024;
/** Clients older than this never see the add-in; Outlook 2016 MSI stops at 1.4, Exchange 2016/2019 at 1.5. */
const MAX_BASE_MAILBOX_VERSION = '1.3';
/** Pinning and ItemChanged arrived in Mailbox 1.5. */
const MIN_OVERRIDES_MAILBOX_VERSION = '1.5';
/** Button icons Outlook requires; the others (20, 24, 40, 48, 64) are optional. */
const REQUIRED_BUTTON_ICON_SIZES = [16, 32, 80];
const BASE_ICON_SIZES = { IconUrl: 64, HighResolutionIconUrl: 128 };
/** The one locale every user-facing string must carry besides the default. */
const SECOND_LOCALE = 'ja-JP';
/** Kana, kanji or full-width forms: a "Japanese" override that has none of these is an untranslated copy. */
const JAPANESE_CHAR = /[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60]/u;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

// ---------------------------------------------------------------------------------------------
// Rendering

/**
 * Which URL-valued attributes the host fetches itself. Those get `?v=<Version>`: classic Outlook
 * caches icons and pages in its Wef folder by URL, and new Outlook and OWA cache them in the
 * browser, so after an update the old icon or page can linger for days; a new query string per
 * release makes every client fetch the new files. SupportUrl is opened by a person in a browser,
 * so it stays clean.
 */
const FETCHED_URL_ELEMENTS = new Set(['IconUrl', 'HighResolutionIconUrl', 'SourceLocation', 'Image', 'Url']);
const URL_ELEMENTS = new Set([...FETCHED_URL_ELEMENTS, 'SupportUrl']);

/** Parses and checks the admin's base URL; returns it with exactly one trailing slash. */
function normaliseBaseUrl(baseUrl, options = {}) {
  if (typeof baseUrl !== 'string' || baseUrl.trim() === '') {
    throw new Error('renderManifest: baseUrl is required, e.g. https://addins.example.go.jp/mirrorface-guard/');
  }
  let url;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new Error(`renderManifest: baseUrl is not a URL: ${baseUrl}`);
  }
  const insecureLocalOk = options.allowInsecureLocalhost === true && url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !insecureLocalOk) {
    throw new Error(
      `renderManifest: baseUrl must use https (Outlook refuses add-in URLs over ${url.protocol.replace(':', '')}); got ${baseUrl}` +
        (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname) ? ' (pass {allowInsecureLocalhost: true} for a local test)' : ''),
    );
  }
  if (url.username || url.password) throw new Error('renderManifest: baseUrl must not contain credentials');
  if (url.search || url.hash) throw new Error('renderManifest: baseUrl must not have a query or fragment; it is a folder');
  const pathname = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return { base: `${url.origin}${pathname}`, origin: url.origin };
}

function rewriteUrl(value, base, version, fetched) {
  if (!value.startsWith(DEV_BASE_URL)) return value;
  const out = base + value.slice(DEV_BASE_URL.length);
  if (!fetched) return out;
  return `${out}${out.includes('?') ? '&' : '?'}v=${encodeURIComponent(version)}`;
}

/**
 * Rewrites the development manifest for the admin's host: every `https://localhost:3000/` URL
 * moves under `baseUrl`, AppDomain entries for the dev origin become the base origin, fetched URLs
 * get `?v=<Version>`, and the development comments are dropped in favour of a "generated" header.
 * @param {string} xmlText the checked-in manifest.xml
 * @param {string} baseUrl https URL of the folder that serves taskpane.html and assets/
 * @param {{allowInsecureLocalhost?: boolean}} [options]
 * @returns {string} the deployable manifest
 * @throws {Error} on a non-https base URL, an unparsable manifest, or a localhost URL left behind
 */
function renderManifest(xmlText, baseUrl, options = {}) {
  const { base, origin } = normaliseBaseUrl(baseUrl, options);
  const { root } = parseXml(xmlText);
  const versionEl = child(root, 'Version');
  const version = versionEl ? versionEl.text.trim() : '';
  if (!/^\d+(\.\d+){0,3}$/.test(version)) throw new Error('renderManifest: the manifest has no valid <Version>');

  const edits = [];
  for (const el of descendants(root)) {
    const owner = el.local === 'Override' ? el.parent : el;
    if (owner && URL_ELEMENTS.has(owner.local)) {
      for (const name of ['DefaultValue', 'Value']) {
        const a = el.attrs[name];
        if (!a) continue;
        const next = rewriteUrl(a.value, base, version, FETCHED_URL_ELEMENTS.has(owner.local));
        if (next !== a.value) edits.push({ start: a.start, end: a.end, text: escapeXml(next) });
      }
    }
    if (el.local === 'AppDomain' && el.textStart !== -1) {
      const value = el.text.trim();
      if (value === DEV_ORIGIN || value === DEV_BASE_URL) edits.push({ start: el.textStart, end: el.textEnd, text: escapeXml(origin) });
    }
  }
  let out = xmlText;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  // Dev notes mention localhost and the build; the deployed file gets one header instead.
  out = out.replace(/^[ \t]*<!--[\s\S]*?-->[ \t]*\r?\n/gm, '').replace(/<!--[\s\S]*?-->/g, '');
  // Checked before the header is added: the header names the base, which may itself be the dev host.
  const left = base === DEV_BASE_URL ? -1 : out.indexOf('localhost:3000');
  if (left !== -1) {
    const line = out.slice(0, left).split('\n').length;
    throw new Error(`renderManifest: a localhost URL was not rewritten (line ${line}); only URL attributes and AppDomain are handled`);
  }
  out = out.replace(
    /^(<\?xml[^>]*\?>\r?\n)?/,
    (decl) => `${decl || ''}<!-- Generated from manifest.xml for ${escapeXml(base).replace(/--/g, '-&#45;')}; edit the source, not this file. -->\n`,
  );
  return out;
}

// ---------------------------------------------------------------------------------------------
// Lint

/** Width and height from a PNG's IHDR chunk, or null if the bytes are not a PNG. */
function readPngSize(bytes) {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!bytes || bytes.length < 24 || sig.some((b, k) => bytes[k] !== b)) return null;
  if (bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Compares dotted versions numerically; missing parts count as 0. */
function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let k = 0; k < Math.max(pa.length, pb.length); k++) {
    const d = (pa[k] || 0) - (pb[k] || 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** "0.1.0" (package.json) -> "0.1.0.0" (manifest); null for pre-releases, which a manifest cannot express. */
function manifestVersionFor(packageVersion) {
  return /^\d+\.\d+\.\d+$/.test(packageVersion || '') ? `${packageVersion}.0` : null;
}

/**
 * Checks that a release's manifest Version moved forward: hosts only install an update whose
 * Version is higher than the one they have.
 * @param {string} current manifest Version now
 * @param {string|null} previous Version at the last release tag, or null when there is none
 * @param {{manifestChanged?: boolean}} [options] whether manifest.xml differs from the tagged one
 * @returns {{rule: string, message: string}[]}
 */
function checkVersionBump(current, previous, options = {}) {
  if (previous === null || previous === undefined) return [];
  const order = compareVersions(current, previous);
  if (order < 0) return [{ rule: 'version-bump', message: `Version ${current} is lower than the last release ${previous}; hosts would never update` }];
  if (order === 0 && options.manifestChanged) {
    return [{ rule: 'version-bump', message: `manifest.xml changed since release ${previous} but Version was not bumped; hosts would keep the old manifest` }];
  }
  return [];
}

/**
 * The manifest Version at the newest git tag reachable from HEAD (tags like v0.1.0 or 0.1.0.0),
 * and whether the manifest differs from it now. Null when not in a git checkout or there is no tag.
 * @param {{repoDir?: string, manifestPath?: string}} [options]
 */
function lastTaggedVersion(options = {}) {
  const repoDir = options.repoDir || REPO_ROOT;
  const manifestPath = options.manifestPath || 'manifest.xml';
  const git = (args) => execFileSync('git', args, { cwd: repoDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  let tag;
  try {
    tag = git(['describe', '--tags', '--abbrev=0']);
  } catch {
    return null;
  }
  const m = /^v?(\d+(?:\.\d+){2,3})$/.exec(tag);
  if (!m) return null;
  const version = m[1].split('.').length === 3 ? `${m[1]}.0` : m[1];
  let manifestChanged = true;
  try {
    git(['diff', '--quiet', tag, '--', manifestPath]);
    manifestChanged = false;
  } catch {
    manifestChanged = true;
  }
  return { tag, version, manifestChanged };
}

function lineOf(el) {
  return el ? el.line : 0;
}

/**
 * Lints a manifest for what the XSD cannot check.
 * @param {string} xmlText
 * @param {{assetsDir?: string, packageVersion?: string}} [options] defaults: the repo's assets/ and package.json version
 * @returns {{rule: string, message: string, line: number}[]} empty when clean
 */
function lintManifest(xmlText, options = {}) {
  const assetsDir = options.assetsDir || path.join(REPO_ROOT, 'assets');
  const packageVersion =
    options.packageVersion !== undefined ? options.packageVersion : JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version;
  const problems = [];
  const report = (rule, message, el) => problems.push({ rule, message, line: lineOf(el) });

  if (typeof xmlText !== 'string') return [{ rule: 'xml', message: 'manifest is not text', line: 0 }];
  if (Buffer.byteLength(xmlText, 'utf8') > MAX_MANIFEST_BYTES) report('size', `manifest is larger than ${MAX_MANIFEST_BYTES} bytes`);
  let root;
  try {
    root = parseXml(xmlText).root;
  } catch (e) {
    return [...problems, { rule: 'xml', message: e.message, line: e.line || 0 }];
  }
  if (root.local !== 'OfficeApp' || xsiType(root) !== 'MailApp') report('root', 'root must be <OfficeApp xsi:type="MailApp">', root);
  const all = descendants(root);

  // --- HTTPS everywhere (attribute values and AppDomain text)
  for (const el of all) {
    // Namespace names are identifiers that merely look like http URLs; nothing fetches them.
    const values = Object.entries(el.attrs)
      .filter(([name]) => name !== 'xmlns' && !name.startsWith('xmlns:'))
      .map(([, a]) => a.value);
    if (el.local === 'AppDomain' || el.local === 'SourceLocation') values.push(el.text.trim());
    for (const v of values) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) && !/^https:\/\//i.test(v)) report('https', `URL is not https: ${v}`, el);
      if (/^https:\/\//i.test(v) && v.length > MAX_URL_LENGTH) report('url-length', `URL longer than ${MAX_URL_LENGTH} characters`, el);
    }
  }

  // --- Version
  const versionEl = child(root, 'Version');
  const version = versionEl ? versionEl.text.trim() : '';
  if (!/^\d{1,5}(\.\d{1,5}){3}$/.test(version)) {
    report('version-format', `Version "${version}" must be four dot-separated numbers, e.g. 1.2.3.0`, versionEl || root);
  }
  const expected = manifestVersionFor(packageVersion);
  if (expected === null) report('version-package', `package.json version "${packageVersion}" cannot map to a manifest Version (use x.y.z)`, versionEl);
  else if (version !== expected) report('version-package', `Version ${version} must equal package.json version + ".0" (${expected})`, versionEl || root);

  // --- Permissions
  const perm = child(root, 'Permissions');
  if (!perm || perm.text.trim() !== 'ReadItem') {
    report('permissions', `Permissions must be exactly ReadItem (got ${perm ? perm.text.trim() || 'nothing' : 'none'})`, perm || root);
  }

  // --- Base requirements
  const baseSet = descendants(child(root, 'Requirements') || root).find((e) => e.local === 'Set' && attr(e, 'Name') === 'Mailbox');
  if (!baseSet || compareVersions(attr(baseSet, 'MinVersion') || '99', MAX_BASE_MAILBOX_VERSION) > 0) {
    report('requirements', `base Requirements must ask for Mailbox ≤ ${MAX_BASE_MAILBOX_VERSION} so older clients still see the add-in`, baseSet || root);
  }

  // --- ja-JP overrides on the base strings
  const checkOverride = (el, label, maxLength) => {
    const ov = childrenNamed(el, 'Override').find((o) => attr(o, 'Locale') === SECOND_LOCALE);
    const value = ov ? (attr(ov, 'Value') || '').trim() : '';
    if (!ov || value === '') report('ja-override', `${label} has no ${SECOND_LOCALE} Override`, el);
    else if (!JAPANESE_CHAR.test(value)) report('ja-override', `${label}: the ${SECOND_LOCALE} Override has no Japanese text`, ov);
    else if (maxLength && value.length > maxLength) report('string-length', `${label}: the ${SECOND_LOCALE} Override is longer than ${maxLength} characters`, ov);
  };
  for (const local of ['DisplayName', 'Description']) {
    const el = child(root, local);
    if (!el) report('ja-override', `${local} is missing`, root);
    else checkOverride(el, local, local === 'DisplayName' ? MAX_SHORT_STRING : MAX_LONG_STRING);
  }

  // --- Resources: definitions, references, kinds
  const KIND_OF_LIST = { Images: 'Image', Urls: 'Url', ShortStrings: 'ShortString', LongStrings: 'LongString' };
  const defined = new Map();
  for (const el of all) {
    const listKind = el.parent ? KIND_OF_LIST[el.parent.local] : undefined;
    if (!listKind || !el.parent.parent || el.parent.parent.local !== 'Resources') continue;
    const id = attr(el, 'id') || '';
    if (id.length > MAX_RESID_LENGTH) report('resid-length', `resource id "${id}" is longer than ${MAX_RESID_LENGTH} characters`, el);
    if (defined.has(id)) report('resid-duplicate', `resource id "${id}" is defined twice`, el);
    defined.set(id, { el, kind: listKind, used: false });
    if (listKind === 'ShortString' || listKind === 'LongString') {
      checkOverride(el, `${listKind} "${id}"`, listKind === 'ShortString' ? MAX_SHORT_STRING : MAX_LONG_STRING);
    }
  }
  /** The kind of resource each referring element must point at. */
  const EXPECTED_KIND = { Image: 'Image', SourceLocation: 'Url', FunctionFile: 'Url', Label: 'ShortString', Title: 'ShortString', Description: 'LongString' };
  const iconRefs = [];
  for (const el of all) {
    const resid = attr(el, 'resid');
    if (resid === undefined) continue;
    if (resid.length > MAX_RESID_LENGTH) report('resid-length', `resid "${resid}" is longer than ${MAX_RESID_LENGTH} characters`, el);
    const def = defined.get(resid);
    if (!def) {
      report('resid-undefined', `resid "${resid}" on <${el.local}> is not defined in Resources`, el);
      continue;
    }
    def.used = true;
    const want = EXPECTED_KIND[el.local];
    if (want && def.kind !== want) report('resid-kind', `<${el.local}> must refer to a ${want}, but "${resid}" is a ${def.kind}`, el);
    if (el.local === 'Image') iconRefs.push({ el, def });
  }
  for (const [id, def] of defined) if (!def.used) report('resid-unused', `resource "${id}" is defined but never used`, def.el);

  // --- Icons: files exist and their pixels match the declared size
  const checkIcon = (url, size, el, label) => {
    if (!url) return report('icon', `${label} has no URL`, el);
    let file;
    try {
      file = path.join(assetsDir, path.posix.basename(new URL(url).pathname));
    } catch {
      return report('icon', `${label}: not a URL: ${url}`, el);
    }
    if (!fs.existsSync(file)) return report('icon-file', `${label}: ${path.basename(file)} is not in ${assetsDir}`, el);
    const dims = readPngSize(fs.readFileSync(file));
    if (!dims) return report('icon-file', `${label}: ${path.basename(file)} is not a PNG`, el);
    if (dims.width !== size || dims.height !== size) {
      report('icon-size', `${label}: ${path.basename(file)} is ${dims.width}×${dims.height}, declared ${size}×${size}`, el);
    }
    return undefined;
  };
  for (const [local, size] of Object.entries(BASE_ICON_SIZES)) {
    const el = child(root, local);
    if (!el) report('icon', `${local} is missing`, root);
    else checkIcon(attr(el, 'DefaultValue'), size, el, local);
  }
  const checkedImages = new Set();
  for (const { el, def } of iconRefs) {
    const fromId = /(\d+)x\1$/.exec(attr(def.el, 'id') || '');
    const size = Number(attr(el, 'size') || (fromId ? fromId[1] : NaN));
    if (!Number.isInteger(size)) {
      report('icon', `icon "${attr(def.el, 'id')}" declares no size (size attribute or an id ending in NxN)`, el);
      continue;
    }
    if (fromId && Number(fromId[1]) !== size) report('icon-size', `icon "${attr(def.el, 'id')}" is used at size ${size}, but its id says ${fromId[1]}`, el);
    const key = `${attr(def.el, 'id')}@${size}`;
    if (checkedImages.has(key)) continue;
    checkedImages.add(key);
    checkIcon(attr(def.el, 'DefaultValue'), size, def.el, `image "${attr(def.el, 'id')}"`);
    for (const ov of childrenNamed(def.el, 'Override')) checkIcon(attr(ov, 'Value'), size, ov, `image "${attr(def.el, 'id')}" (${attr(ov, 'Locale')})`);
  }
  for (const icon of all.filter((e) => e.local === 'Icon' && e.parent && e.parent.local === 'Control')) {
    const sizes = childrenNamed(icon, 'Image').map((i) => Number(attr(i, 'size')));
    for (const s of REQUIRED_BUTTON_ICON_SIZES) if (!sizes.includes(s)) report('icon', `button icon has no ${s}px image`, icon);
  }

  // --- The read surface, pinning, and the override requirement set
  const v11 = all.find((e) => e.local === 'VersionOverrides' && e.ns === NS_MAIL_OVERRIDES_1_1);
  if (!v11) {
    report('pinning', 'no VersionOverridesV1_1 block: SupportsPinning is only valid there', root);
  } else {
    const sets = descendants(v11).find((e) => e.local === 'Sets' && e.parent && e.parent.local === 'Requirements');
    if (!sets || compareVersions(attr(sets, 'DefaultMinVersion') || '0', MIN_OVERRIDES_MAILBOX_VERSION) < 0) {
      report('requirements', `VersionOverridesV1_1 must require Mailbox ≥ ${MIN_OVERRIDES_MAILBOX_VERSION} (pinning, ItemChanged)`, sets || v11);
    }
    const read = descendants(v11).filter((e) => e.local === 'ExtensionPoint' && xsiType(e) === 'MessageReadCommandSurface');
    if (read.length === 0) report('surface', 'no MessageReadCommandSurface extension point', v11);
    const panes = read.flatMap((r) => descendants(r)).filter((e) => e.local === 'Action' && xsiType(e) === 'ShowTaskpane');
    if (panes.length === 0) report('surface', 'the read surface has no ShowTaskpane button', read[0] || v11);
    for (const action of panes) {
      const pin = child(action, 'SupportsPinning');
      if (!pin || pin.text.trim() !== 'true') report('pinning', 'ShowTaskpane on the read surface must have <SupportsPinning>true</SupportsPinning>', action);
    }
    // Delegates and shared mailboxes read a named target's mail: the pane must appear there too.
    for (const desktop of descendants(v11).filter((e) => e.local === 'DesktopFormFactor')) {
      const shared = child(desktop, 'SupportsSharedFolders');
      if (!shared || shared.text.trim() !== 'true') report('shared-folders', 'DesktopFormFactor must have <SupportsSharedFolders>true</SupportsSharedFolders> (shared and delegate mailboxes)', desktop);
    }
  }
  return problems;
}

module.exports = {
  renderManifest,
  normaliseBaseUrl,
  lintManifest,
  checkVersionBump,
  lastTaggedVersion,
  readPngSize,
  compareVersions,
  manifestVersionFor,
  DEV_BASE_URL,
};
