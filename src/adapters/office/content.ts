/**
 * Outlook's content as the Office adapter hands it on: attachment files and the whole message
 * arrive from office.js as base64 text (getAttachmentContentAsync, getAsFileAsync), and are passed
 * on as that text, to be decoded where the heavy work runs (in the pane, the checking Web Worker;
 * ./base64.ts decodes). This module holds only the shapes, so the page's first-banner script
 * carries no decoder.
 */
import type { Attachment } from '../../engine/types';
import type { AttachmentInput } from '../inspect';

/** Base64 text as office.js gave it, not yet decoded. */
export interface Base64Content {
  base64: string;
}

/** One attachment for the inspector: its bytes (or none), or its content as base64 text still to decode. */
export type OfficeAttachmentInput = AttachmentInput | (Omit<AttachmentInput, 'bytes'> & Base64Content);

/** What a message parser is given: message bytes, or the whole message as base64 text still to decode. */
export type MessageSource = Uint8Array | Base64Content;

/** Said of an attachment whose base64 content does not decode (the adapter's wording since the start). */
export const NOT_BASE64_ATTACHMENT = 'content is not valid base64';
/** The error of a message source whose base64 text does not decode. */
export const NOT_BASE64_MESSAGE = 'the message is not valid base64';

export function isBase64Content(v: unknown): v is Base64Content {
  return typeof v === 'object' && v !== null && !ArrayBuffer.isView(v) && typeof (v as { base64?: unknown }).base64 === 'string';
}

/** An attachment as Outlook describes it, for when its inspection did not happen or did not finish. */
export function uninspected(input: Omit<AttachmentInput, 'bytes'> & { bytes?: Uint8Array }): Attachment {
  return { name: input.name, contentType: input.contentType, size: input.bytes?.length ?? input.declaredSize ?? 0, inline: input.inline, ...(input.id !== undefined ? { id: input.id } : {}) };
}
