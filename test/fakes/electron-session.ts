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

/** A session's protocol module: remembers the handler of each scheme, as `protocol.handle` installs it. */
export class FakeProtocol {
  readonly handlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    // Electron throws when a scheme already has a handler, and so does the fake.
    if (this.handlers.has(scheme)) throw new Error(`The scheme "${scheme}" is already handled`);
    this.handlers.set(scheme, handler);
  }
  unhandle(scheme: string): void {
    this.handlers.delete(scheme);
  }
  isProtocolHandled(scheme: string): boolean {
    return this.handlers.has(scheme);
  }
}

/** The app-wide protocol module: only privileged scheme registration, which must precede 'ready'. */
export class FakeProtocolModule {
  readonly privileged: Array<{ scheme: string; privileges?: Record<string, boolean> }> = [];
  registerSchemesAsPrivileged(
    schemes: ReadonlyArray<{ scheme: string; privileges?: Record<string, boolean> }>,
  ): void {
    this.privileged.push(...schemes);
  }
}

export class FakeSession {
  readonly protocol = new FakeProtocol();
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
