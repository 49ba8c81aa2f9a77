/**
 * Words of the task pane itself, in both languages. Level and "could not check" labels live in
 * src/i18n/messages.ts so the CLI says the same thing.
 */
import type { Bilingual, Lang } from '../engine/types';

export const UI = {
  appTitle: { ja: 'MirrorFace Guard', en: 'MirrorFace Guard' },
  // One quiet line at the foot of the pane: what this is, and that nothing leaves the computer.
  appTagline: {
    ja: 'MirrorFace（Earth Kasha）の標的型メールを確認します。メールの内容はこの端末の外に出ません。',
    en: 'Checks for MirrorFace (Earth Kasha) spear-phishing. Nothing about the message leaves this computer.',
  },
  language: { ja: '表示言語', en: 'Language' },
  checking: { ja: 'メールを確認しています…', en: 'Checking this message…' },
  checkingAttachments: { ja: '添付ファイルを確認中', en: 'Checking attachments' },
  stillChecking: {
    ja: '添付ファイルを確認中です。結果が変わることがあります。',
    en: 'Still checking attachments; this result may change.',
  },
  stillCheckingBody: {
    ja: '本文を確認中です。結果が変わることがあります。',
    en: 'Still checking the message body; this result may change.',
  },
  stillCheckingMessage: {
    ja: 'メール全体を確認中です。結果が変わることがあります。',
    en: 'Still checking the whole message; this result may change.',
  },
  selectMessage: {
    ja: 'メールを 1 件選択すると、ここに確認結果が表示されます。',
    en: 'Select one message to see the result here.',
  },
  notFullyChecked: { ja: '一部を確認できませんでした', en: 'Not fully checked' },
  notFullyCheckedSummary: {
    ja: '既知の手口には一致しませんでしたが、確認できなかった部分があります。安全とは判断できません。心当たりのない添付ファイルは開かないでください。',
    en: 'No known pattern matched, but part of the message could not be checked. Do not treat it as safe; leave unexpected attachments closed.',
  },
  couldNotCheckTitle: { ja: '確認できなかった項目', en: 'Not checked' },
  checkFailed: {
    ja: 'このメールを確認できませんでした。安全とは判断できません。',
    en: 'This message could not be checked. Do not treat it as safe.',
  },
  findingsHeading: { ja: '理由', en: 'Reasons' },
  evidence: { ja: '根拠', en: 'Evidence' },
  basedOn: { ja: '参照した公開情報', en: 'Sources' },
  sourcesHeading: { ja: '参照した公開情報', en: 'Sources' },
  citedBy: { ja: '根拠にした理由', en: 'Cited by' },
  originalTitle: { ja: '（原題）', en: '' },
  ruleId: { ja: 'ルール ID', en: 'Rule id' },
  adminIndicator: { ja: '組織の管理者が登録した指標', en: 'Indicator added by your administrator' },
  guidanceHeading: { ja: 'すべきこと', en: 'What to do' },
  moreSteps: { ja: 'ほかにすべきこと', en: 'More steps' },
  moreReasons: { ja: 'ほかの理由', en: 'More reasons' },
  report: { ja: '情報セキュリティ担当に報告', en: 'Report to security team' },
  reportNote: {
    ja: '報告用の下書きを開きます。自動では送信されません。',
    en: 'Opens a draft for you to review; nothing is sent automatically.',
  },
  reportFailed: { ja: '報告用の下書きを作成できませんでした。', en: 'The report draft could not be opened.' },
  reportOpened: {
    ja: '下書きを開きました。内容を確認して送信してください。自動では送信されません。',
    en: 'A draft has been opened. Review it and send it yourself; nothing is sent automatically.',
  },
  configProblem: {
    ja: '組織の設定の一部を読み込めませんでした（管理者向けの詳細）',
    en: 'Part of your organisation’s settings could not be loaded (details for administrators)',
  },
  adminIndicatorsInactive: {
    ja: '組織の追加指標（IOC リスト・追加ルール）は有効になっていません。組み込みの指標だけで確認しています。',
    en: 'Your organisation’s extra indicators (IOC lists, extra rules) are not active. Only the built-in indicators are used.',
  },
  pinHint: {
    ja: 'ピン留めすると、選んだメールを自動で確認します。',
    en: 'Pin this pane to check each message you select.',
  },
  dismiss: { ja: '閉じる', en: 'Dismiss' },
  previewHeading: { ja: 'プレビュー（Outlook の外）', en: 'Preview (outside Outlook)' },
  previewIntro: {
    ja: '.eml または .msg ファイルをここにドロップするか、選択してください。ファイルはこのブラウザーの中だけで解析され、送信されません。',
    en: 'Drop .eml or .msg files here, or choose them. Files are parsed inside this browser only and are never uploaded.',
  },
  previewChoose: { ja: 'ファイルを選択', en: 'Choose files' },
  previewParsing: { ja: '解析中…', en: 'Parsing…' },
  previewParseError: {
    ja: 'このファイルはメールとして解析できませんでした。安全とは判断できません。',
    en: 'This file could not be parsed as a message. Do not treat it as safe.',
  },
  previewNotMail: { ja: 'メールではありません', en: 'Not an email message' },
  previewNotMailDetail: {
    ja: 'このファイルはメール（.eml、.msg、mbox）ではないため、確認していません。',
    en: 'This file is not an email message (.eml, .msg or mbox), so it was not checked.',
  },
  previewNotChecked: { ja: '確認していません', en: 'Not checked' },
  /** The glossary's short label for level none, for the preview's rows and summary table. */
  noneShort: { ja: '既知の手口なし', en: 'No known MirrorFace pattern' },
  previewOverLimit: {
    ja: '一度に確認できるのは 50 件までのため、このファイルは確認していません。分けてドロップしてください。',
    en: 'Only 50 files are checked per drop, so this file was not checked. Drop it again on its own.',
  },
  previewTooLarge: { ja: 'ファイルが大きすぎるため確認していません', en: 'The file is too large and was not checked' },
  // A file stopped by the checking worker's limits (src/adapters/web-worker): never shown as safe.
  previewCouldNotCheck: { ja: '確認できませんでした', en: 'Could not check' },
  previewTimeLimit: {
    ja: '制限時間（{s} 秒）内に確認が終わらなかったため、確認を打ち切りました。安全とは判断できません。',
    en: 'Checking did not finish within the time limit ({s} s) and was stopped. Do not treat this file as safe.',
  },
  previewWorkerFailed: {
    ja: '確認の処理が途中で止まりました。安全とは判断できません。',
    en: 'The check stopped before it finished. Do not treat this file as safe.',
  },
  /** Labels a parser's own error text, which stays in English (as sources keep their titles). */
  technicalDetail: { ja: '技術的な詳細（英語）', en: 'Technical detail' },
  messageN: { ja: 'メッセージ', en: 'Message' },
  noSubject: { ja: '（件名なし）', en: '(no subject)' },
  from: { ja: '差出人', en: 'From' },
} satisfies Record<string, Bilingual>;

export type UiKey = keyof typeof UI;

export function ui(key: UiKey, lang: Lang): string {
  return UI[key][lang];
}

export const LANG_STORAGE_KEY = 'mirrorface-guard.lang';

/** ja for any Japanese locale tag (ja, ja-JP, JA-jp), otherwise en. */
export function langFromLocale(locale: string | undefined | null): Lang {
  return typeof locale === 'string' && /^ja\b/i.test(locale) ? 'ja' : 'en';
}

/** The stored choice, if storage is usable (it throws in some sandboxed webviews). */
export function readStoredLang(): Lang | undefined {
  try {
    const v = globalThis.localStorage?.getItem(LANG_STORAGE_KEY);
    return v === 'ja' || v === 'en' ? v : undefined;
  } catch {
    return undefined;
  }
}

export function storeLang(lang: Lang): void {
  try {
    globalThis.localStorage?.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // Storage blocked: the choice lasts for this pane only, which is acceptable.
  }
}

export const PIN_HINT_STORAGE_KEY = 'mirrorface-guard.pin-hint';

/** The pin hint was offered before on this client (storage unusable counts as not yet). */
export function pinHintSeen(): boolean {
  try {
    return globalThis.localStorage?.getItem(PIN_HINT_STORAGE_KEY) === 'seen';
  } catch {
    return false;
  }
}

export function storePinHintSeen(): void {
  try {
    globalThis.localStorage?.setItem(PIN_HINT_STORAGE_KEY, 'seen');
  } catch {
    // Storage blocked: the hint may be offered again next time, which is harmless.
  }
}
