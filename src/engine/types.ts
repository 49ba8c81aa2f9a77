/**
 * The contract shared by every part of MirrorFace Guard.
 *
 * Adapters (files, Office) produce a {@link NormalisedMessage}; the engine turns one, with a
 * compiled {@link Pack} and a {@link Policy}, into a {@link Verdict}. Nothing in this file does
 * any work: it only names shapes, so the engine, the CLI and the task pane agree on them.
 */

/** Verdict levels, in increasing order of risk. */
export type Level = 'none' | 'low' | 'medium' | 'high' | 'critical';
/** A finding's own severity (a finding is never "none"). */
export type Severity = Exclude<Level, 'none'>;
export const LEVELS: readonly Level[] = ['none', 'low', 'medium', 'high', 'critical'];

/** Text that exists in both of the languages the product speaks. */
export interface Bilingual {
  ja: string;
  en: string;
}
export type Lang = keyof Bilingual;

// ---------------------------------------------------------------------------------------------
// The normalised message
// ---------------------------------------------------------------------------------------------

export interface Mailbox {
  /** Display name as decoded (may be empty). */
  name: string;
  /** Address as written, lower-cased; may be empty or malformed on hostile input. */
  address: string;
}

export interface Link {
  /** The href (HTML) or the URL as written (text). Never fetched. */
  href: string;
  /** Visible text of an HTML anchor; empty for links found in plain text. */
  text: string;
  origin: 'html' | 'text';
}

export interface Hashes {
  sha256: string;
  sha1: string;
  md5: string;
}

/**
 * The real type of some bytes, from magic numbers (never from the name).
 * `ooxml` is a ZIP that holds `[Content_Types].xml`; `ole` is a Compound File (legacy Office,
 * .msg, or an encrypted OOXML file); `pe` is a Windows executable (including SFX archives).
 */
export type FileKind =
  | 'zip'
  | 'ooxml'
  | 'ole'
  | 'pdf'
  | 'rtf'
  | 'pe'
  | 'elf'
  | 'macho'
  | 'lnk'
  | 'iso'
  | 'udf'
  | 'vhd'
  | 'vhdx'
  | 'dmg'
  | 'rar'
  | '7z'
  | 'gzip'
  | 'bzip2'
  | 'xz'
  | 'cab'
  | 'fat' // a raw FAT12/16/32 volume (a floppy or USB-stick image), or an MBR/GPT disk holding one
  | 'chm' // Compiled HTML Help (ITSF)
  | 'onenote' // OneNote section (.one), by its file-format GUID
  | 'hta' // HTML that declares <hta:application>: runs as a desktop program
  | 'svg'
  | 'url-shortcut' // Internet shortcut ([InternetShortcut], .url / .website)
  | 'iqy' // Excel web query
  | 'slk' // SYLK spreadsheet
  | 'html'
  | 'xml'
  | 'eml'
  | 'image'
  | 'text'
  | 'empty'
  | 'unknown';

/** What static inspection learnt about an Office document. */
export interface OfficeInfo {
  /**
   * Macros found by content: a real VBA project (a storage with `dir` and `_VBA_PROJECT` streams,
   * wherever it sits: OLE documents, an OOXML part of any name, PowerPoint 97 records), or an
   * Excel 4.0 (XLM) macro sheet (.xls BOUNDSHEET type, .xlsm/.xlsb macrosheet parts).
   */
  macros: boolean;
  /**
   * Password-protected: EncryptionInfo/EncryptedPackage, Word's fEncrypted, Excel's FILEPASS,
   * PowerPoint's CryptSession10Container.
   */
  encrypted: boolean;
  /** Encrypted with Excel's built-in default password ("VelvetSweatshop"): Excel opens it without asking. */
  defaultPassword?: boolean;
  /** The file's container format. */
  container: 'ooxml' | 'ole';
  /** OOXML relationship with TargetMode="External" to an http(s) template (remote template). */
  externalTemplate?: string;
}

/** What static inspection learnt about a Windows executable. */
export interface PeInfo {
  /** An archive signature (RAR, 7z, ZIP, CAB) found after the PE image: a self-extracting archive. */
  sfx: 'rar' | '7z' | 'zip' | 'cab' | null;
}

/**
 * What static reading of HTML, SVG or HTA markup found. Script is never run: these are facts
 * about the text.
 */
export interface MarkupInfo {
  /** A <script> element, a javascript: URL or an on* event handler attribute. */
  script: boolean;
  /**
   * HTML-smuggling markers seen next to a large encoded payload: `atob`, `Blob`,
   * `msSaveOrOpenBlob`, `createObjectURL`, `download=`, `data:application/…`. Empty when there is
   * no such payload (a newsletter's inline images are not smuggling).
   */
  smuggling: string[];
}

/** One file inside an archive. Nested archives carry their own listing. */
export interface ArchiveEntry {
  /** Path inside the archive, as stored (decoded; may contain bidi/zero-width characters). */
  path: string;
  /**
   * A second name the archive gives the same entry (a Unicode-path field whose checksum does not
   * match, or a local header that names it differently). Archive tools disagree on which they
   * show, so name rules check both.
   */
  altPath?: string;
  /** Uncompressed size as declared by the archive. */
  size: number;
  /** The entry is encrypted (ZIP general-purpose bit 0). */
  encrypted: boolean;
  /** Present when the entry was decompressed and sniffed. */
  sniffedType?: FileKind;
  /** Present when the entry was decompressed and hashed within the limits. */
  hashes?: Hashes;
  office?: OfficeInfo;
  pe?: PeInfo;
  markup?: MarkupInfo;
  /** Listing of a nested archive, within the depth limit. */
  archive?: ArchiveListing;
}

export interface ArchiveListing {
  /**
   * `html` lists the payloads decoded out of an HTML/SVG file (HTML smuggling); the disk-image
   * formats list the files of the image's file system. A container listed by a host's reader
   * (7-Zip in the CLI) has the name that reader gives it: '7z', 'rar', 'cab', 'ntfs'…
   */
  format: 'zip' | 'html' | 'iso9660' | 'udf' | 'fat' | (string & {});
  entries: ArchiveEntry[];
  /** Any entry is encrypted (a password-protected archive). */
  encrypted: boolean;
  /** True when the listing stopped early (entry count, depth, size or time limit). */
  truncated: boolean;
  /**
   * How the archive contradicts itself (its directory against its local headers, overlapping
   * entries, files the directory does not list), one English line per kind. Empty or absent for
   * a well-formed archive.
   */
  inconsistencies?: string[];
}

export interface Attachment {
  /** Name as given by the sender (decoded; may contain bidi/zero-width characters). */
  name: string;
  /** Declared Content-Type, lower-cased, without parameters. */
  contentType: string;
  /** Size in bytes (of the content we saw, or as declared by the host when content is absent). */
  size: number;
  inline: boolean;
  /** Real type by magic bytes; absent when the content could not be read. */
  sniffedType?: FileKind;
  /** Absent when the content was not available or above the hashing limit (see incomplete). */
  hashes?: Hashes;
  archive?: ArchiveListing;
  office?: OfficeInfo;
  pe?: PeInfo;
  markup?: MarkupInfo;
  /** Content-ID or host id, for display and for the Office adapter. */
  id?: string;
}

export interface Header {
  /** Header name as written (case preserved). */
  name: string;
  /** Unfolded, decoded value. */
  value: string;
}

/** One method result from an Authentication-Results header (RFC 8601). */
export interface AuthResult {
  /** The authserv-id that wrote the header. */
  authservId: string;
  method: string;
  /** pass, fail, softfail, neutral, none, temperror, permerror, policy, … (lower-cased). */
  result: string;
  /** Properties such as header.from, smtp.mailfrom, header.d, header.i (keys lower-cased). */
  props: Record<string, string>;
}

/** Something an adapter or the engine could not check. Never means "safe". */
export interface Incomplete {
  code: IncompleteCode;
  /** Which part of the message (e.g. "attachment:report.zip"), for display. */
  where?: string;
  /**
   * Set when the entry belongs to an attached message (not the outer one): the chain of
   * attached messages, in both languages (see {@link AttachedMessage.path}).
   */
  within?: Bilingual;
  /** Technical detail in English (for logs and the CLI's jsonl). */
  detail?: string;
}

export type IncompleteCode =
  | 'parse-error' // the message could not be parsed at all, or only in part
  | 'not-a-message' // an Outlook item that is not a mail (appointment, contact)
  | 'body-unavailable'
  | 'headers-unavailable'
  | 'attachments-unavailable'
  | 'attachment-content-unavailable'
  | 'attachment-too-large' // above the size we read or hash
  | 'archive-encrypted' // entries could not be looked into
  | 'archive-corrupt'
  | 'archive-too-deep'
  | 'archive-too-many-entries'
  | 'archive-entry-too-large'
  | 'archive-unlisted' // a container format (RAR, 7z, CAB, disk image…) whose files are not listed
  | 'message-too-deep' // attached messages nested beyond the depth we parse
  | 'time-budget' // a time limit stopped inspection
  | 'api-unsupported' // the Outlook client lacks the API
  | 'api-failed'
  | 'timeout'
  | 'rule-error'; // a rule threw; the engine carried on

export interface NormalisedMessage {
  /** Where the message came from; `itemId` only for Office items. */
  origin: { kind: 'eml' | 'msg' | 'mbox' | 'office'; itemId?: string };
  from?: Mailbox;
  /** The Sender header (or Office `sender`), when distinct from From. */
  sender?: Mailbox;
  replyTo: Mailbox[];
  to: Mailbox[];
  cc: Mailbox[];
  subject: string;
  /** ISO 8601 when known. */
  date?: string;
  /** Plain-text body (from the text part, or derived from HTML). */
  text: string;
  links: Link[];
  attachments: Attachment[];
  /** Raw internet headers in order; empty when the host could not give them (see incomplete). */
  headers: Header[];
  auth: AuthResult[];
  /** What the adapter could not read or inspect. */
  incomplete: Incomplete[];
  /**
   * Messages carried inside this one (a message/rfc822 part, the returned message of a bounce,
   * a .msg embedded in a .msg), each parsed as a message of its own, nested to
   * MAX_ATTACHED_MESSAGE_DEPTH. Their senders, links and attachments are theirs, not this
   * message's: the engine evaluates each on its own and the outer verdict takes the worst.
   */
  attachedMessages?: AttachedMessage[];
}

/** A message found inside another (see {@link NormalisedMessage.attachedMessages}). */
export interface AttachedMessage {
  /**
   * Names of the containers from the outer message down to this one, as shown to people:
   * the attachment name (or subject) of each attached message, and of any archive or .msg it was
   * found in. E.g. `['転送: 会議.eml']` for a forwarded message, two names for one inside it.
   */
  path: string[];
  /** How it was carried: a message/rfc822 (or message/global) part, a bounce's returned headers, or an embedded .msg. */
  carrier: 'rfc822' | 'rfc822-headers' | 'msg';
  message: NormalisedMessage;
}

// ---------------------------------------------------------------------------------------------
// The compiled pack (seeds/ after validation); passed into the engine, never imported by it
// ---------------------------------------------------------------------------------------------

export type Confidence = 'high' | 'medium' | 'low';

export interface Source {
  id: string;
  title: string;
  publisher: string;
  /** YYYY-MM-DD or YYYY-MM. */
  date: string;
  url: string;
}

export interface GuidanceItem {
  id: string;
  title: Bilingual;
  text: Bilingual;
  sources: string[];
}

export interface ListEntry {
  value: string;
  sources: string[];
  confidence: Confidence;
  note?: string;
  /** Keywords: alternative spellings that count as the same entry. */
  variants?: string[];
  /** Where an administrator's indicator was read (`--iocs` file and 1-based line), for reports. */
  origin?: { file: string; line: number };
}

export type ListKind =
  | 'domain' // registrable domain or host name
  | 'keyword' // matched after NFKC, case folding and zero-width removal
  | 'hash' // md5, sha1 or sha256, lower-case hex
  | 'ip'
  | 'url'
  | 'filename'
  | 'email';

export interface PackList {
  id: string;
  kind: ListKind;
  description: string;
  entries: ListEntry[];
}

/** Which part of the combination model a finding feeds (see README, "How a verdict is reached"). */
export type Category =
  | 'lure' // topic / wording typical of the campaign
  | 'sender' // who sent it: free-mail, mismatch, lookalike
  | 'auth' // SPF/DKIM/DMARC results
  | 'payload' // risky attachment
  | 'link' // risky link
  | 'ioc'; // published campaign indicator, or an admin IOC

export interface Rule {
  /** Stable id: `mf-<area>-<what>`; file name is `<id>.yml`. */
  id: string;
  /** Name of the engine detector that implements the rule. */
  detector: string;
  /** Detector parameters (list ids, patterns, thresholds); shape checked by the detector. */
  params: Record<string, unknown>;
  severity: Severity;
  category: Category;
  title: Bilingual;
  explanation: Bilingual;
  sources: string[];
  guidance: string[];
  falsePositives: string[];
}

export interface Pack {
  version: string;
  sources: Source[];
  guidance: GuidanceItem[];
  lists: PackList[];
  rules: Rule[];
}

/** Organisation-specific settings (CLI flags, add-in config.json). */
export interface Policy {
  /** The organisation's own registrable domains: mail from them, with DMARC pass, is tempered. */
  trustedDomains: string[];
  /** Extra protected domains for lookalike checks, added to the pack's list. */
  protectedDomains: string[];
}

// ---------------------------------------------------------------------------------------------
// The verdict
// ---------------------------------------------------------------------------------------------

export interface Evidence {
  /** Which field: from, reply-to, subject, body, link, attachment, archive-entry, header, auth. */
  field: string;
  /** The value as found (raw; the UI and CLI show `display`). */
  value: string;
  /** The value made safe to show: defanged URLs and domains, control characters made visible. */
  display: string;
  /**
   * Set when the evidence was found inside an attached message: the path to it in both
   * languages, e.g. `{ en: 'attached message “fwd.eml”', ja: '添付メッセージ「fwd.eml」' }`.
   * People see `within › display` (see evidenceText).
   */
  within?: Bilingual;
}

export interface Finding {
  rule: string;
  severity: Severity;
  category: Category;
  title: Bilingual;
  explanation: Bilingual;
  evidence: Evidence[];
  sources: string[];
  guidance: string[];
}

export interface Verdict {
  level: Level;
  score: number;
  findings: Finding[];
  incomplete: Incomplete[];
  /** Guidance ids that apply to this verdict, most important first. */
  guidance: string[];
  /** Why the level is what it is (short English notes for logs/CLI; e.g. "lure capped at low"). */
  reasons: string[];
}
