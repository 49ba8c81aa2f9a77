import type { NormalisedMessage } from './types';

/**
 * A message with every required field present and empty: the starting point for adapters that
 * fill a message field by field, so a field they cannot read stays empty rather than missing.
 */
export function emptyMessage(origin: NormalisedMessage['origin']): NormalisedMessage {
  return {
    origin,
    replyTo: [],
    to: [],
    cc: [],
    subject: '',
    text: '',
    links: [],
    attachments: [],
    headers: [],
    auth: [],
    incomplete: [],
  };
}
