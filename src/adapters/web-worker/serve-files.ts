/**
 * The checking worker's file and attachment work (serve.ts loads it on demand): the full message
 * parser, the decoder of Outlook's base64 content, the inspectors, the hashes and the engine. Kept out of the worker's start-up script, so a
 * body read (the pane's first banner waits on it) needs only the body reader and parse5.
 */
import { compilePack, evaluate } from '../../engine';
import { parseMessageBytes } from '../files';
import { webHasher } from '../hash/web-hasher';
import { inspectAttachment } from '../inspect';
import { inspectOfficeAttachment, parseMessageSource } from '../office/base64';
import type { OfficeAttachmentInput } from '../office/content';
import type { CheckedRecord, CheckInit } from './protocol';

export { compilePack };

/** Parse, inspect and evaluate one file's bytes: one record per message, in file order. */
export async function checkBytes(bytes: Uint8Array, init: CheckInit): Promise<CheckedRecord[]> {
  const records = await parseMessageBytes(bytes);
  return records.map((r): CheckedRecord =>
    r.message ? { index: r.index, message: r.message, verdict: evaluate(r.message, init.pack, init.policy) } : { index: r.index, error: r.error ?? 'unknown error' },
  );
}

/** The whole message as Outlook's getAsFileAsync gives it, base64 text: decoded here, then checked as a file. */
export function checkBase64(base64: string, init: CheckInit): Promise<CheckedRecord[]> {
  return parseMessageSource<CheckedRecord>({ base64 }, (bytes) => checkBytes(bytes, init));
}

/**
 * One attachment the Office adapter downloaded, its base64 text decoded here, inspected and hashed
 * with the worker's Web Crypto.
 */
export function inspect(input: OfficeAttachmentInput) {
  return inspectOfficeAttachment(input, (file) => inspectAttachment(file, webHasher));
}
