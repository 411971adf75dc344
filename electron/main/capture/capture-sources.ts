/**
 * Lists the screens and windows the user may share, shaped for our own picker. The picker lives in the
 * renderer (Chromium's is not available in Electron), so main turns native images into data URLs that
 * cross IPC as plain strings.
 */
import type { CaptureSource, CaptureSourceQuery } from '../../../common/ipc';
import type {
  DesktopCapturerLike,
  DesktopCapturerSourceLike,
  NativeImageLike,
} from '../electron-api/capture';

export type CaptureSourceKind = CaptureSource['kind'];

/**
 * The kind encoded in a desktopCapturer id (`screen:ZZ:0`, `window:XX:YY`), or null for anything else.
 * The id is the only field that says which API granted it, so it is the one to trust for the kind.
 */
export function kindOfSourceId(id: string): CaptureSourceKind | null {
  if (id.startsWith('screen:')) return 'screen';
  if (id.startsWith('window:')) return 'window';
  return null;
}

function dataUrlOf(image: NativeImageLike | null): string | null {
  if (!image || image.isEmpty()) return null;
  return image.toDataURL();
}

function toCaptureSource(source: DesktopCapturerSourceLike, kind: CaptureSourceKind): CaptureSource {
  return {
    id: source.id,
    name: source.name,
    kind,
    thumbnailDataUrl: dataUrlOf(source.thumbnail) ?? '',
    appIconDataUrl: kind === 'window' ? dataUrlOf(source.appIcon) : null,
    // Electron gives '' when it cannot match the screen to a display.
    displayId: kind === 'screen' && source.display_id !== '' ? source.display_id : null,
  };
}

/**
 * Screens first (the common choice), then windows, each group in the order the OS reported. Sources
 * whose id carries no known kind are dropped rather than guessed.
 */
export async function listCaptureSources(
  desktopCapturer: DesktopCapturerLike,
  query: CaptureSourceQuery,
): Promise<CaptureSource[]> {
  const sources = await desktopCapturer.getSources({
    types: [...new Set(query.kinds)],
    thumbnailSize: { width: query.thumbnailWidth, height: query.thumbnailHeight },
    fetchWindowIcons: true,
  });
  const mapped: CaptureSource[] = [];
  for (const source of sources) {
    const kind = kindOfSourceId(source.id);
    if (kind) mapped.push(toCaptureSource(source, kind));
  }
  const rank = (source: CaptureSource): number => (source.kind === 'screen' ? 0 : 1);
  return mapped.sort((a, b) => rank(a) - rank(b));
}
