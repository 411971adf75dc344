/**
 * Fakes of the default session and of desktopCapturer: what the security rules and the screen-capture
 * grant hook into. createFakeElectron() in electron.ts puts them in the fake module; tests drive the
 * installed handlers the way Electron would (a permission request, a getDisplayMedia call, a response).
 */
import { vi } from 'vitest';
import type {
  DesktopCapturerSourceLike,
  DisplayMediaRequest,
  DisplayMediaRequestHandler,
  DisplayMediaStreams,
  GetSourcesOptions,
} from '../../electron/main/electron-api/capture';
import type {
  HeadersReceivedListener,
  HeadersReceivedResponse,
  PermissionCheckDetails,
  PermissionCheckHandler,
  PermissionRequestDetails,
  PermissionRequestHandler,
} from '../../electron/main/electron-api/session';

export class FakeNativeImage {
  /** An empty data URL stands for an empty image. */
  constructor(private readonly dataUrl: string) {}
  isEmpty(): boolean {
    return this.dataUrl === '';
  }
  toDataURL(): string {
    return this.dataUrl;
  }
}

export interface FakeSourceSpec {
  id: string;
  name: string;
  displayId?: string;
  thumbnail?: string;
  appIcon?: string | null;
}

/** A desktopCapturer source; thumbnails and icons default to recognisable data URLs. */
export function fakeSource({
  id,
  name,
  displayId = '',
  thumbnail,
  appIcon,
}: FakeSourceSpec): DesktopCapturerSourceLike {
  return {
    id,
    name,
    display_id: displayId,
    thumbnail: new FakeNativeImage(thumbnail ?? `data:image/png;base64,thumb-${id}`),
    appIcon: appIcon === null ? null : new FakeNativeImage(appIcon ?? `data:image/png;base64,icon-${id}`),
  };
}

export class FakeWebRequest {
  headersReceivedListener: HeadersReceivedListener | null = null;
  onHeadersReceived(listener: HeadersReceivedListener | null): void {
    this.headersReceivedListener = listener;
  }
  /** Runs a response through the listener; without one, Electron keeps the response as it is. */
  receive(url: string, responseHeaders: Record<string, string[]> = {}): Promise<HeadersReceivedResponse> {
    const listener = this.headersReceivedListener;
    if (!listener) return Promise.resolve({});
    return new Promise((resolve) => listener({ url, responseHeaders }, resolve));
  }
}

export class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  displayMediaRequestHandler: DisplayMediaRequestHandler | null = null;
  readonly webRequest = new FakeWebRequest();

  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }
  setDisplayMediaRequestHandler(handler: DisplayMediaRequestHandler | null): void {
    this.displayMediaRequestHandler = handler;
  }

  /** Resolves with the granted flag; Electron's default (no handler) grants, and so does the fake. */
  requestPermission(permission: string, details: PermissionRequestDetails): Promise<boolean> {
    const handler = this.permissionRequestHandler;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) => handler({}, permission, resolve, details));
  }
  checkPermission(permission: string, requestingOrigin: string, details: PermissionCheckDetails): boolean {
    return this.permissionCheckHandler?.({}, permission, requestingOrigin, details) ?? true;
  }
  /** Resolves with the streams the handler answered; rejects when no handler is installed. */
  requestDisplayMedia(request: DisplayMediaRequest): Promise<DisplayMediaStreams> {
    const handler = this.displayMediaRequestHandler;
    if (!handler) return Promise.reject(new Error('No display media request handler'));
    return new Promise((resolve) => handler(request, resolve));
  }
}

export class FakeDesktopCapturer {
  /** What the OS currently offers; tests edit it to make sources appear or vanish. */
  sources: DesktopCapturerSourceLike[] = [];
  readonly getSources = vi.fn((options: GetSourcesOptions) =>
    Promise.resolve(
      this.sources.filter((source) => options.types.some((type) => source.id.startsWith(`${type}:`))),
    ),
  );
}
