'use strict';
/**
 * Offline XSD validation of an Outlook add-in manifest.
 *
 * Microsoft's own `office-addin-manifest validate` posts the file to an online service, so CI
 * would depend on the network and on a service that has passed dangling resids. Instead we run
 * libxml2 (xmllint-wasm, no I/O) over the five 2017 Microsoft schemas kept in ../shared/schemas,
 * with the in-memory fixes their SOURCES.md describes (two repairs, and SupportsSharedFolders). The stored copies are never edited.
 */
const fs = require('fs');
const path = require('path');

/** Beside the repository, as every helper in this project expects (`../shared`). */
const DEFAULT_SCHEMAS_DIR = path.resolve(__dirname, '../../../shared/schemas');

const MAIN_SCHEMA = 'OfficeAppManifestV1_1.xsd';
const IMPORTED_SCHEMAS = [
  'OfficeAppBasicTypesV1_0.xsd',
  'MailAppVersionOverridesV1_0.xsd',
  'MailAppVersionOverridesV1_1.xsd',
  'TaskPaneAppVersionOverridesV1_0.xsd',
];

/** libxml2 refuses the lazy quantifier `{0,3}?`, which is not XML Schema regex syntax. */
const LAZY_VERSION_PATTERN = '(\\.[0-9]{1,5}){0,3}?"';
const FIXED_VERSION_PATTERN = '(\\.[0-9]{1,5}){0,3}"';
const FILES_WITH_LAZY_PATTERN = new Set(['OfficeAppManifestV1_1.xsd', 'OfficeAppBasicTypesV1_0.xsd']);

/**
 * The 2017 MailAppVersionOverridesV1_1.xsd predates <SupportsSharedFolders> (shared and
 * delegate mailboxes; Mailbox 1.8 for delegate folders, 1.13 for shared mailboxes). As
 * SOURCES.md advises, the optional boolean is added to DesktopFormFactor's type (FormFactor) in
 * memory, first in the sequence as Microsoft's delegate-access sample writes it.
 */
const SHARED_FOLDERS_FILE = 'MailAppVersionOverridesV1_1.xsd';
const FORM_FACTOR_SEQUENCE = /(<xs:complexType name="FormFactor">[\s\S]*?<xs:sequence>)/;
const SHARED_FOLDERS_ELEMENT =
  '\n      <xs:element name="SupportsSharedFolders" type="xs:boolean" minOccurs="0" maxOccurs="1"/>';

/** Microsoft never published this import target; a mail add-in never uses its element. */
const CONTENT_APP_STUB = `<?xml version="1.0" encoding="utf-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           targetNamespace="http://schemas.microsoft.com/office/contentappversionoverrides"
           elementFormDefault="qualified">
  <xs:element name="VersionOverrides">
    <xs:complexType><xs:sequence><xs:any processContents="skip" minOccurs="0" maxOccurs="unbounded"/></xs:sequence></xs:complexType>
  </xs:element>
</xs:schema>
`;

/**
 * Microsoft's documented ceiling for a manifest; also keeps xmllint's default 32 MiB WASM heap
 * far away from its limit, so a hostile file yields an error instead of an out-of-memory crash.
 */
const MAX_MANIFEST_BYTES = 256 * 1024;

const schemaCache = new Map();

/** Reads the schemas once per directory and applies the three patches; throws if a fix no longer applies. */
function loadPatchedSchemas(schemasDir) {
  const cached = schemaCache.get(schemasDir);
  if (cached) return cached;
  const read = (name) => {
    const file = path.join(schemasDir, name);
    if (!fs.existsSync(file)) {
      throw new Error(`XSD not found: ${file} (the schemas live in ../shared/schemas beside the repository)`);
    }
    let text = fs.readFileSync(file, 'utf8');
    if (FILES_WITH_LAZY_PATTERN.has(name)) {
      if (!text.includes(LAZY_VERSION_PATTERN)) {
        // A silent no-op would leave us validating against something other than what we think.
        throw new Error(`${name}: expected the lazy version pattern from SOURCES.md; the schema copy changed`);
      }
      text = text.split(LAZY_VERSION_PATTERN).join(FIXED_VERSION_PATTERN);
    }
    if (name === SHARED_FOLDERS_FILE) {
      if (!FORM_FACTOR_SEQUENCE.test(text) || text.includes('SupportsSharedFolders')) {
        throw new Error(`${name}: expected the 2017 FormFactor type without SupportsSharedFolders; the schema copy changed`);
      }
      text = text.replace(FORM_FACTOR_SEQUENCE, `$1${SHARED_FOLDERS_ELEMENT}`);
    }
    return { fileName: name, contents: text };
  };
  const loaded = {
    main: read(MAIN_SCHEMA),
    preload: [...IMPORTED_SCHEMAS.map(read), { fileName: 'ContentAppVersionOverridesV1_0.xsd', contents: CONTENT_APP_STUB }],
  };
  schemaCache.set(schemasDir, loaded);
  return loaded;
}

/**
 * Validates manifest XML text against the patched Office add-in schemas.
 * @param {string} xmlText
 * @param {{schemasDir?: string}} [options]
 * @returns {Promise<{valid: boolean, errors: string[]}>} errors read "line N: message".
 */
async function validateManifestXsd(xmlText, options = {}) {
  if (typeof xmlText !== 'string') return { valid: false, errors: ['manifest is not text'] };
  const bytes = Buffer.byteLength(xmlText, 'utf8');
  if (bytes > MAX_MANIFEST_BYTES) {
    return { valid: false, errors: [`manifest is ${bytes} bytes; Outlook's limit is ${MAX_MANIFEST_BYTES}`] };
  }
  const { main, preload } = loadPatchedSchemas(options.schemasDir || DEFAULT_SCHEMAS_DIR);
  // Required lazily: loading the WASM is only worth it when we validate.
  const { validateXML } = require('xmllint-wasm');
  const result = await validateXML({
    xml: [{ fileName: 'manifest.xml', contents: xmlText }],
    schema: [main],
    preload,
  });
  const errors = result.errors.map((e) => (e.loc ? `line ${e.loc.lineNumber}: ${e.message.trim()}` : e.rawMessage.trim()));
  // xmllint can fail without a parsable message (e.g. a schema it cannot compile); never report that as valid.
  if (!result.valid && errors.length === 0) errors.push(result.rawOutput.trim() || 'xmllint rejected the manifest without a message');
  return { valid: result.valid && errors.length === 0, errors };
}

module.exports = { validateManifestXsd, DEFAULT_SCHEMAS_DIR, MAX_MANIFEST_BYTES };
