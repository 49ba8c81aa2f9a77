/**
 * The message body → the text and links the engine reads. Shared by the .eml and .msg paths
 * and by the Outlook pane (src/adapters/office/read-item.ts), which needs it for the first
 * banner before any MIME parser or attachment inspector has loaded.
 */
import type { Incomplete, Link } from '../../engine/types';
import { fixRawIso2022 } from './iso2022';
import { readHtml } from './html';
import { MAX_HTML_CHARS, MAX_TEXT_CHARS } from './limits';
import { extractTextLinks } from './text-links';

/** Text, links, attachments and incompletes shared by the .eml and .msg paths. */
export interface BodyParts {
  text?: string;
  html?: string;
}

export function bodyTextAndLinks(body: BodyParts, incomplete: Incomplete[]): { text: string; links: Link[] } {
  let html = body.html;
  if (html !== undefined && html.length > MAX_HTML_CHARS) {
    incomplete.push({ code: 'parse-error', where: 'body', detail: `HTML body cut at ${MAX_HTML_CHARS} characters` });
    html = html.slice(0, MAX_HTML_CHARS);
  }
  const reading = html ? readHtml(html) : undefined;
  if (reading?.truncated) incomplete.push({ code: 'parse-error', where: 'body', detail: reading.truncated });
  let text = body.text !== undefined && body.text.trim() !== '' ? fixRawIso2022(body.text) : (reading?.text ?? '');
  if (text.length > MAX_TEXT_CHARS) {
    incomplete.push({ code: 'parse-error', where: 'body', detail: `text body cut at ${MAX_TEXT_CHARS} characters` });
    text = text.slice(0, MAX_TEXT_CHARS);
  }
  const links: Link[] = [...(reading?.links ?? [])];
  const seen = new Set(links.map((l) => l.href));
  // URLs written as text (in the text part, or visible in HTML) that are not already an href.
  const textSources = body.text !== undefined && reading ? [text, reading.text] : [text];
  for (const src of textSources) {
    for (const l of extractTextLinks(src)) {
      if (seen.has(l.href)) continue;
      seen.add(l.href);
      links.push(l);
    }
  }
  return { text, links };
}

/** What a body read gives the engine: its text and links, and whatever could not be read in full. */
export interface BodyReading {
  text: string;
  links: Link[];
  incomplete: Incomplete[];
}

/**
 * {@link bodyTextAndLinks} as one self-contained task (its own `incomplete` list), for a reader
 * that runs it elsewhere: the pane reads Outlook's body in its checking Web Worker.
 */
export function readBodyParts(body: BodyParts): BodyReading {
  const incomplete: Incomplete[] = [];
  const { text, links } = bodyTextAndLinks(body, incomplete);
  return { text, links, incomplete };
}

