/**
 * File names come from another machine. No path from the sender is ever used: only the last path
 * segment survives, stripped of anything a file system or a user could be fooled by.
 */
import { MAX_FILE_NAME_LENGTH } from './peer-protocol';

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
// Control characters, bidi overrides and characters that Windows, macOS or Linux forbid in names.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069<>:"|?*]/gu;

/** A plain, safe file name for what the sender called `name`; never empty, never a path. */
export function sanitizeFileName(name: string): string {
  const lastSegment = name.split(/[/\\]/).pop() ?? '';
  let clean = lastSegment.replace(FORBIDDEN, '').trim();
  // Leading dots would hide the file or make it '.' or '..'; trailing dots and spaces break Windows.
  clean = clean.replace(/^\.+/, '').replace(/[. ]+$/, '');
  if (WINDOWS_RESERVED.test(clean)) clean = `_${clean}`;
  if (!clean) clean = 'file';
  return truncatePreservingExtension(clean, MAX_FILE_NAME_LENGTH);
}

/** Splits `report.final.pdf` into `report.final` and `.pdf` (no extension for `.hidden` or `name`). */
export function splitExtension(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1 || name.length - dot > 16) return [name, ''];
  return [name.slice(0, dot), name.slice(dot)];
}

function truncatePreservingExtension(name: string, max: number): string {
  if (name.length <= max) return name;
  const [base, ext] = splitExtension(name);
  return base.slice(0, max - ext.length) + ext;
}

/** `name`, or `name (2)`, `name (3)`… — the first that is not in `taken`. */
export function uniqueFileName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  const [base, ext] = splitExtension(name);
  for (let n = 2; ; n += 1) {
    const candidate = truncatePreservingExtension(`${base} (${n})${ext}`, MAX_FILE_NAME_LENGTH);
    if (!taken.has(candidate)) return candidate;
  }
}
