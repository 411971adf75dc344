/**
 * The room screen as boxes, measured inside the page with getBoundingClientRect: what a person sees
 * of the layout, for tests of small screens (tiles over one another, a share shrunk to a stamp,
 * controls out of reach or too small to touch, text too small to read).
 */
import type { Page } from 'playwright-core';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface LabelledBox extends Box {
  label: string;
}

export interface RoomGeometry {
  /** The viewport (innerWidth × innerHeight). */
  width: number;
  height: number;
  /** document.scrollingElement.scrollWidth: wider than `width` means the page scrolls sideways. */
  scrollWidth: number;
  /** Every video tile by its accessible name. */
  tiles: LabelledBox[];
  /** The picture of the named tile's video as drawn (object-fit: contain), not the element's box. */
  picture: Box;
  /** The room's header and control bar. */
  bars: LabelledBox[];
  /** Every rendered button, field and link, by its accessible name (or text). */
  controls: LabelledBox[];
  /** Texts drawn smaller than 12 px, as "font-size: text". */
  smallText: string[];
}

/** Whether two boxes share any area (touching edges do not count). */
export function overlaps(a: Box, b: Box): boolean {
  const across = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const down = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return across > 0.5 && down > 0.5;
}

/** Measures the room screen; `pictureOf` names the tile whose drawn picture is measured. */
export async function measureRoom(page: Page, pictureOf: string): Promise<RoomGeometry> {
  return page.evaluate((tileLabel) => {
    const box = (element: Element) => {
      const rect = element.getBoundingClientRect();
      return { x: rect.x, y: rect.y, w: rect.width, h: rect.height };
    };
    const nameOf = (element: Element) =>
      element.getAttribute('aria-label') || element.textContent?.trim() || element.id || element.tagName;
    const rendered = (element: Element) => element.checkVisibility() && box(element).w > 0;

    const tiles = [...document.querySelectorAll('figure')].map((f) => ({ label: nameOf(f), ...box(f) }));
    const video = document.querySelector<HTMLVideoElement>(`figure[aria-label="${tileLabel}"] video`);
    let picture = { x: 0, y: 0, w: 0, h: 0 };
    if (video && video.videoWidth > 0) {
      const element = box(video);
      const ratio = video.videoWidth / video.videoHeight;
      const w = Math.min(element.w, element.h * ratio);
      const h = Math.min(element.h, element.w / ratio);
      picture = { x: element.x + (element.w - w) / 2, y: element.y + (element.h - h) / 2, w, h };
    }
    const bars = [...document.querySelectorAll('.room > header, nav.controls')].map((bar) => ({
      label: bar.tagName.toLowerCase(),
      ...box(bar),
    }));
    const controls = [...document.querySelectorAll('button, input:not([type="hidden"]), select, a[href]')]
      .filter((element) => rendered(element) && !element.closest('.visually-hidden'))
      .map((element) => ({ label: nameOf(element), ...box(element) }));
    const smallText: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent?.trim();
      if (!parent || !text || !rendered(parent) || parent.closest('.visually-hidden')) continue;
      const size = parseFloat(getComputedStyle(parent).fontSize);
      if (size < 12) smallText.push(`${size}px: ${text}`);
    }
    return {
      width: innerWidth,
      height: innerHeight,
      scrollWidth: document.scrollingElement?.scrollWidth ?? 0,
      tiles,
      picture,
      bars,
      controls,
      smallText,
    };
  }, pictureOf);
}
