/**
 * The jsonl record the CLI writes, version 2, defined once: the JSON Schema below is the
 * definition, the TypeScript types are inferred from it (json-schema-to-ts, types only), and
 * `scripts/write-record-schema.js` writes it out as the published schemas/scan-record.schema.json.
 * Tests check that the committed file is the one this definition gives and that real records
 * validate against it with Ajv.
 *
 * Every key is always present (null or [] when there is nothing), so `jq`, spreadsheets and SIEM
 * field mappings never have to guess whether a missing key means "none" or "not looked at".
 */
import type { FromSchema } from 'json-schema-to-ts';

/** Bumped whenever a field changes meaning or shape; consumers should check it. */
export const RECORD_SCHEMA_VERSION = 2 as const;

const str = { type: 'string' } as const;
const nstr = { type: ['string', 'null'] } as const;
const strings = { type: 'array', items: str } as const;

const mailbox = {
  type: 'object',
  properties: { name: str, address: { type: 'string', description: 'lower-cased; may be empty or malformed on hostile input' } },
  required: ['name', 'address'],
  additionalProperties: false,
} as const;

const attachment = {
  type: 'object',
  description: 'A file the message carries, including entries inside archives and files inside attached messages.',
  properties: {
    path: { type: 'string', description: 'the name, or outer.zip/inner/file for entries of archives and files of attached messages' },
    name: { type: 'string', description: 'the last component of path, as the sender named it' },
    size: { type: 'integer', minimum: 0 },
    declared_type: { type: ['string', 'null'], description: 'declared Content-Type; null for archive entries' },
    sniffed_type: { type: ['string', 'null'], description: 'type from the bytes (magic numbers); null when the bytes were not read' },
    sha256: { type: ['string', 'null'], pattern: '^[0-9a-f]{64}$' },
    sha1: { type: ['string', 'null'], pattern: '^[0-9a-f]{40}$' },
    md5: { type: ['string', 'null'], pattern: '^[0-9a-f]{32}$' },
    encrypted: { type: ['boolean', 'null'], description: 'password-protected; null when the bytes were not read' },
    macros: { type: ['boolean', 'null'], description: 'an Office document with VBA macros; null when the bytes were not read' },
  },
  required: ['path', 'name', 'size', 'declared_type', 'sniffed_type', 'sha256', 'sha1', 'md5', 'encrypted', 'macros'],
  additionalProperties: false,
} as const;

const finding = {
  type: 'object',
  properties: {
    rule: { type: 'string', pattern: '^mf-[a-z0-9-]+$' },
    severity: { type: 'string', enum: ['low', 'medium', 'high', 'critical'] },
    category: str,
    title: { type: 'string', description: 'in the report language (--lang)' },
    evidence: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          field: str,
          value: { type: 'string', description: 'raw, exactly as found in the message, for machines' },
          display: { type: 'string', description: 'defanged, invisible characters shown as <U+XXXX>, for people' },
        },
        required: ['field', 'value', 'display'],
        additionalProperties: false,
      },
    },
    sources: { ...strings, description: 'source ids (see the record\'s sources); "admin" for the organisation\'s own indicators' },
    guidance: { ...strings, description: 'guidance ids; the text report prints each once, in a legend' },
    indicators: {
      type: 'array',
      description: 'for matches on the administrator\'s --iocs lists: which line of which file matched',
      items: {
        type: 'object',
        properties: { file: str, line: { type: 'integer', minimum: 1 }, value: str },
        required: ['file', 'line', 'value'],
        additionalProperties: false,
      },
    },
  },
  required: ['rule', 'severity', 'category', 'title', 'evidence', 'sources', 'guidance', 'indicators'],
  additionalProperties: false,
} as const;

/** The definition (standard JSON Schema 2020-12); the published file is this object as JSON. */
export const RECORD_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'mirrorface-guard scan --format jsonl record',
  description:
    'One message (or one file that could not be checked) per line. Every key is always present. Generated from src/cli/record-schema.ts by scripts/write-record-schema.js; do not edit by hand.',
  type: 'object',
  properties: {
    schema: { type: 'integer', const: RECORD_SCHEMA_VERSION },
    file: str,
    index: { type: 'integer', minimum: 0, description: 'position of the message in its file, from 0 (0 for .eml and .msg)' },
    folder: { type: ['string', 'null'], description: 'folder inside a .pst/.ost, or the entry inside a --unzip\'ed .zip' },
    message_id: { type: ['string', 'null'], description: 'the Message-ID header as written, angle brackets included' },
    date: {
      type: ['string', 'null'],
      description: 'ISO 8601 in the sender\'s own UTC offset',
      pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:\\d{2})$',
    },
    from: { anyOf: [mailbox, { type: 'null' }] },
    reply_to: { type: 'array', items: mailbox },
    to: { type: 'array', items: mailbox },
    cc: { type: 'array', items: mailbox },
    subject: nstr,
    authentication: {
      type: 'object',
      description: 'the first spf, dkim and dmarc results in Authentication-Results (the receiving server\'s)',
      properties: { spf: nstr, dkim: nstr, dmarc: nstr },
      required: ['spf', 'dkim', 'dmarc'],
      additionalProperties: false,
    },
    attachments: { type: 'array', items: attachment },
    urls: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          url: { type: 'string', description: 'as written; never fetched' },
          host: { type: ['string', 'null'] },
          text: { type: 'string', description: 'visible text of an HTML anchor; "" for links written as text' },
        },
        required: ['url', 'host', 'text'],
        additionalProperties: false,
      },
    },
    level: { enum: ['none', 'low', 'medium', 'high', 'critical', null], description: 'null only with error: a message that could not be checked never reads as none' },
    score: { type: ['number', 'null'] },
    findings: { type: 'array', items: finding },
    sources: {
      type: 'array',
      description: 'every source the findings cite, once',
      items: {
        type: 'object',
        properties: { id: str, title: str, publisher: str, date: str, url: str },
        required: ['id', 'title', 'publisher', 'date', 'url'],
        additionalProperties: false,
      },
    },
    guidance: { ...strings, description: 'guidance ids for this verdict, most important first' },
    incomplete: {
      type: 'array',
      description: 'what could not be checked; non-empty means the level is a lower bound',
      items: {
        type: 'object',
        properties: { code: str, where: nstr, detail: nstr },
        required: ['code', 'where', 'detail'],
        additionalProperties: false,
      },
    },
    error: { type: ['string', 'null'], description: 'why the message or file could not be checked at all' },
  },
  required: [
    'schema',
    'file',
    'index',
    'folder',
    'message_id',
    'date',
    'from',
    'reply_to',
    'to',
    'cc',
    'subject',
    'authentication',
    'attachments',
    'urls',
    'level',
    'score',
    'findings',
    'sources',
    'guidance',
    'incomplete',
    'error',
  ],
  additionalProperties: false,
} as const;

export type ScanRecordJson = FromSchema<typeof RECORD_SCHEMA>;
export type MailboxJson = FromSchema<typeof mailbox>;
export type AttachmentJson = FromSchema<typeof attachment>;
export type FindingJson = FromSchema<typeof finding>;
export type AuthenticationJson = ScanRecordJson['authentication'];
export type UrlJson = ScanRecordJson['urls'][number];
export type SourceJson = ScanRecordJson['sources'][number];
export type IndicatorJson = FindingJson['indicators'][number];
