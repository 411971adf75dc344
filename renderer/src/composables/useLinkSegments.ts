/**
 * Splits chat text into plain text and links. Messages are never rendered as HTML: links become
 * anchor elements built by the template, and only http(s) addresses are linked.
 */
import { find } from 'linkifyjs';

export type Segment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

export function linkSegments(text: string): Segment[] {
  const segments: Segment[] = [];
  let at = 0;
  for (const link of find(text, 'url')) {
    let href: URL;
    try {
      href = new URL(link.href);
    } catch {
      continue;
    }
    if (href.protocol !== 'http:' && href.protocol !== 'https:') continue;
    if (link.start > at) segments.push({ kind: 'text', text: text.slice(at, link.start) });
    segments.push({ kind: 'link', text: link.value, href: href.toString() });
    at = link.end;
  }
  if (at < text.length) segments.push({ kind: 'text', text: text.slice(at) });
  return segments;
}
