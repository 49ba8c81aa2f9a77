/**
 * The one definition of config.json: its fields, what each holds, and the limits and patterns
 * they are checked against. The validator (config.ts) and the published JSON Schema
 * (config-schema.ts → schemas/config.schema.json) are both built from it, so an admin's editor
 * completes and checks exactly what the pane accepts.
 */
import type { Bilingual } from '../engine/types';

/** RFC 5321 caps a path at 256 octets including the angle brackets. */
export const MAX_ADDRESS_LENGTH = 254;
/** DNS caps a name at 253 characters in text form. */
export const MAX_DOMAIN_LENGTH = 253;
/** A config with more entries than this is a mistake (a pasted IOC list, say), not a setting. */
export const MAX_LIST_ITEMS = 1000;
/** URL length browsers and servers reliably accept. */
export const MAX_URL_LENGTH = 2048;

// Deliberately plain: the address is only put in the To line of a draft the user sees and sends.
export const ADDRESS_RE = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+$/;
// One label: letters, digits, hyphen (not at the ends); punycode labels pass as they are ASCII.
export const LABEL_RE = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/**
 * A whole host name of two or more labels, the last not all digits, optionally ending in a dot
 * (JSON Schema form of what the validator accepts; it lower-cases before checking).
 */
export const DOMAIN_PATTERN = '^(?=.{1,254}$)((?!-)[A-Za-z0-9-]{1,63}(?<!-)\\.)+(?![0-9]+\\.?$)(?!-)[A-Za-z0-9-]{1,63}(?<!-)\\.?$';
/** No whitespace or backslash; same-origin is checked against the page when it loads. */
export const URL_PATTERN = '^[^\\s\\\\]+$';

export const SEVERITY_NAMES = ['low', 'medium', 'high', 'critical'] as const;

export type FieldKind = 'address' | 'domains' | 'urls' | 'levels';

export interface FieldSpec {
  kind: FieldKind;
  description: Bilingual;
  /** The value the pane uses when the field is absent (or invalid). */
  default: unknown;
}

export const CONFIG_FIELDS: Record<string, FieldSpec> = {
  securityAddress: {
    kind: 'address',
    default: '',
    description: {
      en: 'The security team’s address. The “Report to security team” button appears only when it is set; "" leaves it unset.',
      ja: '情報セキュリティ担当のメールアドレス。設定したときだけ「情報セキュリティ担当に報告」ボタンが表示されます。"" は未設定です。',
    },
  },
  trustedDomains: {
    kind: 'domains',
    default: [],
    description: {
      en: 'Your organisation’s own domains. Mail from them that passes DMARC is judged one step lower.',
      ja: '組織自身のドメイン。DMARC に合格したこれらのドメインからのメールは 1 段階低く判定します。',
    },
  },
  protectedDomains: {
    kind: 'domains',
    default: [],
    description: {
      en: 'Extra domains to protect from look-alikes (e.g. your ministry’s).',
      ja: '似せたドメインから守る追加のドメイン（例：所属省庁のドメイン）。',
    },
  },
  iocListUrls: {
    kind: 'urls',
    default: [],
    description: {
      en: 'Your own indicator lists (one per line), on the add-in’s own origin. If any entry is invalid, none is used.',
      ja: '組織の指標リスト（1 行に 1 件）。アドインと同じオリジンの URL。1 件でも不正なら、どれも使いません。',
    },
  },
  packUrls: {
    kind: 'urls',
    default: [],
    description: {
      en: 'Extra rule packs (JSON), on the add-in’s own origin. All or none, as for iocListUrls.',
      ja: '追加のルールパック（JSON）。アドインと同じオリジンの URL。iocListUrls と同じく、すべて使うか、どれも使わないかです。',
    },
  },
  notifyLevels: {
    kind: 'levels',
    default: ['medium', 'high', 'critical'],
    description: {
      en: 'Levels that put a line in Outlook’s information bar on the message.',
      ja: 'Outlook のメール上部の情報バーに 1 行表示するレベル。',
    },
  },
};
