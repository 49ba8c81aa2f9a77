import type { NormalisedMessage } from '../../engine/types';

/**
 * Header fields that mark bytes as an e-mail message. A file with none of them (a PDF, a text
 * file, an empty file) is "not an email message", in the CLI and in the pane's preview alike:
 * reporting it as "nothing found" would make an unchecked file look clean.
 */
export const MAIL_HEADER_NAMES = new Set(['from', 'to', 'cc', 'subject', 'date', 'message-id', 'received', 'mime-version', 'content-type', 'return-path', 'delivered-to', 'sender', 'reply-to']);

/**
 * True when a parsed .eml / mbox message has at least one recognised header field. Outlook .msg
 * items are exempt: their transport headers are often absent for drafts and sent items.
 */
export function isRecognisableMail(message: NormalisedMessage): boolean {
  if (message.origin.kind === 'msg' || message.origin.kind === 'office') return true;
  return message.headers.some((h) => MAIL_HEADER_NAMES.has(h.name.trim().toLowerCase()));
}
