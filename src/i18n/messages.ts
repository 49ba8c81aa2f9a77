/**
 * Words the product itself says (not the pack's rule texts), in both languages.
 * Shared by the CLI and the task pane so the two never disagree.
 */
import type { Bilingual, IncompleteCode, Lang, Level } from '../engine/types';

export const LEVEL_LABEL: Record<Level, Bilingual> = {
  // Says what the check covers: "nothing found" on a general phishing mail would read as "safe".
  none: { ja: 'MirrorFace の既知の手口は見つかりませんでした', en: 'No known MirrorFace pattern found' },
  low: { ja: '注意（低）', en: 'Low risk' },
  medium: { ja: '警告（中）', en: 'Medium risk' },
  high: { ja: '危険（高）', en: 'High risk' },
  critical: { ja: '重大な危険', en: 'Critical risk' },
};

/** A finding's own strength (危険度), short enough for a tag in front of its title. */
export const SEVERITY_SHORT: Record<Exclude<Level, 'none'>, Bilingual> = {
  low: { ja: '低', en: 'Low' },
  medium: { ja: '中', en: 'Medium' },
  high: { ja: '高', en: 'High' },
  critical: { ja: '重大', en: 'Critical' },
};

/** The banner's one action line under the level, written for the reader of the mail. */
export const LEVEL_SUMMARY: Record<Level, Bilingual> = {
  none: {
    ja: '一般的なフィッシング詐欺は対象外です。不審な点があれば、送信者に別の手段で確認してください。',
    en: 'General phishing is not covered. If anything feels wrong, check with the sender another way.',
  },
  low: {
    ja: '標的型メールでよく使われる要素があります。単独では珍しくありませんが、注意して扱ってください。',
    en: 'An element common in targeted mail was found. On its own this is common; handle with care.',
  },
  medium: {
    ja: '標的型メールの特徴があります。送信者に別の手段で確認するまで、添付ファイルやリンクを開かないでください。',
    en: 'Signs of a targeted lure. Do not open attachments or links until you confirm with the sender another way.',
  },
  high: {
    ja: '標的型攻撃の可能性が高いです。添付ファイルやリンクを開かず、情報セキュリティ担当に報告してください。',
    en: 'Likely a targeted attack. Do not open attachments or links; report it to your security team.',
  },
  critical: {
    ja: '公表された攻撃の指標に一致しました。何も開かず、直ちに情報セキュリティ担当に報告してください。',
    en: 'Matches a published attack indicator. Open nothing and report it to your security team now.',
  },
};

/** The information bar's action, shorter than the banner's (the bar holds 150 characters). */
export const LEVEL_ACTION_SHORT: Record<Level, Bilingual> = {
  none: { ja: '', en: '' },
  low: { ja: '注意して扱ってください', en: 'handle with care' },
  medium: { ja: '送信者に確認するまで開かないでください', en: 'do not open anything until the sender confirms' },
  high: { ja: '開かずに情報セキュリティ担当へ報告', en: 'do not open it; report it to your security team' },
  critical: { ja: '何も開かず直ちに情報セキュリティ担当へ報告', en: 'open nothing; report it to your security team now' },
};

/**
 * Where a piece of evidence came from (Evidence.field, and the part before ':' in an
 * Incomplete's `where`), in the glossary's words (docs/glossary.md).
 */
export const FIELD_LABEL: Record<string, Bilingual> = {
  from: { ja: '差出人', en: 'From' },
  sender: { ja: '送信者', en: 'Sender' },
  'reply-to': { ja: '返信先', en: 'Reply-To' },
  subject: { ja: '件名', en: 'Subject' },
  body: { ja: '本文', en: 'Body' },
  link: { ja: 'リンク', en: 'Link' },
  attachment: { ja: '添付ファイル', en: 'Attachment' },
  'archive-entry': { ja: '圧縮ファイル内のファイル', en: 'File in archive' },
  header: { ja: 'ヘッダー', en: 'Header' },
  headers: { ja: 'ヘッダー', en: 'Headers' },
  auth: { ja: '送信元認証', en: 'Sender authentication' },
  'message-id': { ja: 'Message-ID', en: 'Message-ID' },
  date: { ja: '日時', en: 'Date' },
  hash: { ja: 'ハッシュ', en: 'Hash' },
  message: { ja: 'メール', en: 'Message' },
};

/** "添付ファイル：a.zip" / "Attachment: a.zip"; unknown fields are shown as they are. */
export function labelled(field: string, value: string, lang: Lang): string {
  const label = FIELD_LABEL[field]?.[lang] ?? field;
  return lang === 'ja' ? `${label}：${value}` : `${label}: ${value}`;
}

/** An Incomplete's `where` ("attachment:report.zip", or a bare field such as "body") in the reader's words. */
export function whereLabel(where: string, lang: Lang): string {
  const i = where.indexOf(':');
  if (i > 0 && FIELD_LABEL[where.slice(0, i)]) return labelled(where.slice(0, i), where.slice(i + 1), lang);
  const field = Object.prototype.hasOwnProperty.call(FIELD_LABEL, where) ? FIELD_LABEL[where] : undefined;
  return field ? field[lang] : where;
}

export const INCOMPLETE_LABEL: Record<IncompleteCode, Bilingual> = {
  'parse-error': {
    ja: 'メールの一部または全部を解析できませんでした',
    en: 'Part or all of the message could not be parsed',
  },
  'not-a-message': {
    ja: 'メールではない項目のため確認していません',
    en: 'This item is not an email, so it was not checked',
  },
  'body-unavailable': { ja: '本文を取得できませんでした', en: 'The message body could not be read' },
  'headers-unavailable': {
    ja: 'インターネットヘッダーを取得できず、送信元の認証結果と返信先を確認できませんでした',
    en: 'Internet headers could not be read, so sender authentication and Reply-To were not checked',
  },
  'attachments-unavailable': {
    ja: '添付ファイルの一覧を取得できませんでした',
    en: 'The list of attachments could not be read',
  },
  'attachment-content-unavailable': {
    ja: '添付ファイルの中身を取得できず、種類・ハッシュ・圧縮内容を確認できませんでした',
    en: 'Attachment content could not be read, so its real type, hashes and archive contents were not checked',
  },
  'attachment-too-large': {
    ja: '添付ファイルが大きすぎるため、中身を確認していません',
    en: 'An attachment is too large to inspect, so its content was not checked',
  },
  'archive-encrypted': {
    ja: 'パスワード付きの圧縮ファイルのため、中身を確認できませんでした',
    en: 'A password-protected archive could not be looked into',
  },
  'archive-corrupt': {
    ja: '圧縮ファイルが壊れているため、中身を確認できませんでした',
    en: 'An archive is damaged, so its contents were not checked',
  },
  'archive-too-deep': {
    ja: '圧縮ファイルの入れ子が深すぎるため、奥の中身を確認していません',
    en: 'Archives are nested too deeply; the innermost contents were not checked',
  },
  'message-too-deep': {
    ja: '添付メッセージの入れ子が深すぎるため、奥のメッセージを確認していません',
    en: 'Attached messages are nested too deeply; the innermost ones were not checked',
  },
  'archive-too-many-entries': {
    ja: '圧縮ファイル内のファイル数が多すぎるため、一部しか確認していません',
    en: 'An archive holds too many files; only some were checked',
  },
  'archive-entry-too-large': {
    ja: '圧縮ファイル内に大きすぎるファイルがあり、その中身を確認していません',
    en: 'A file inside an archive is too large; its content was not checked',
  },
  'archive-unlisted': {
    ja: '中身を一覧できない形式の圧縮ファイルやディスクイメージ（RAR、7z、ISO など）があり、その中のファイルを確認していません',
    en: 'An archive or disk image in a format that is not opened (RAR, 7z, ISO…); the files inside it were not checked',
  },
  'time-budget': {
    ja: '時間の上限に達したため、確認を途中で打ち切りました',
    en: 'The time limit was reached and checking stopped early',
  },
  'api-unsupported': {
    ja: 'この Outlook では必要な機能が使えないため、一部を確認できませんでした',
    en: 'This Outlook client lacks a needed feature, so part of the message was not checked',
  },
  'api-failed': {
    ja: 'Outlook からの情報取得に失敗したため、一部を確認できませんでした',
    en: 'Outlook failed to return some information, so part of the message was not checked',
  },
  timeout: {
    ja: 'Outlook の応答が時間内になかったため、一部を確認できませんでした',
    en: 'Outlook did not answer in time, so part of the message was not checked',
  },
  'rule-error': {
    ja: '一部の検査ルールでエラーが起きたため、その検査は行われていません',
    en: 'A detection rule failed, so that check was not made',
  },
};

export function t(text: Bilingual, lang: Lang): string {
  return text[lang];
}
