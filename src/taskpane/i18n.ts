/**
 * Words of the task pane itself, in both languages. Level and "could not check" labels live in
 * src/i18n/messages.ts so the CLI says the same thing.
 */
import type { Bilingual, Lang } from '../engine/types';

export const UI = {
  appTitle: { ja: 'MirrorFace Guard', en: 'MirrorFace Guard' },
  appTagline: {
    ja: '標的型メール（MirrorFace / Earth Kasha）の確認。メールの内容はこの端末の外に出ません。',
    en: 'Checks for MirrorFace / Earth Kasha spear-phishing. Nothing about the message leaves this computer.',
  },
  language: { ja: '表示言語', en: 'Language' },
  checking: { ja: 'メールを確認しています…', en: 'Checking this message…' },
  checkingAttachments: { ja: '添付ファイルを確認中', en: 'Checking attachments' },
  selectMessage: {
    ja: 'メールを一つ選択すると、ここに確認結果が表示されます。',
    en: 'Select one message to see the result here.',
  },
  notFullyChecked: { ja: '一部を確認できませんでした', en: 'Not fully checked' },
  notFullyCheckedSummary: {
    ja: '既知の手口や指標には一致しませんでしたが、確認できなかった部分があります。安全とは判断できません。',
    en: 'No known pattern or indicator matched, but some parts could not be checked. Do not treat this message as safe.',
  },
  couldNotCheckTitle: { ja: '確認できなかった項目', en: 'Could not fully check' },
  checkFailed: {
    ja: 'このメールを確認できませんでした。安全とは判断できません。',
    en: 'This message could not be checked. Do not treat it as safe.',
  },
  findingsHeading: { ja: '見つかった点', en: 'What was found' },
  evidence: { ja: '根拠', en: 'Evidence' },
  basedOn: { ja: '参照した公開情報', en: 'Based on' },
  severity: { ja: '重要度', en: 'Severity' },
  guidanceHeading: { ja: 'すべきこと', en: 'What to do' },
  report: { ja: 'セキュリティ担当に報告する（下書きを作成）', en: 'Report to security team (opens a draft)' },
  reportFailed: { ja: '報告用の下書きを作成できませんでした', en: 'The report draft could not be opened' },
  reportOpened: {
    ja: '下書きを開きました。内容を確認して送信してください。自動では送信されません。',
    en: 'A draft has been opened. Review it and send it yourself; nothing is sent automatically.',
  },
  configProblem: { ja: '管理者向け: 設定ファイル（config.json）の問題', en: 'For administrators: problem in config.json' },
  adminIndicatorsInactive: {
    ja: '組織の追加指標（IOC リスト・追加ルール）は有効になっていません。組み込みの指標だけで確認しています。',
    en: 'Your organisation’s extra indicators (IOC lists, extra rules) are not active. Only the built-in indicators are used.',
  },
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
