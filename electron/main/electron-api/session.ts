/**
 * The default session's hooks the security rules and the display-media grant install: permission
 * handlers, the display-media request handler and response headers. See app.ts for why these are
 * narrow structural types.
 */
import type { DisplayMediaRequestHandler } from './capture';

/** Details of a permission request (Electron's `PermissionRequest` / `MediaAccessPermissionRequest`). */
export interface PermissionRequestDetails {
  readonly isMainFrame: boolean;
  readonly requestingUrl: string;
  readonly mediaTypes?: ReadonlyArray<'video' | 'audio'>;
  readonly securityOrigin?: string;
}

/** Details of a permission check (Electron's `PermissionCheckHandlerHandlerDetails`). */
export interface PermissionCheckDetails {
  readonly isMainFrame: boolean;
  readonly requestingUrl?: string;
  readonly securityOrigin?: string;
  readonly embeddingOrigin?: string;
  readonly mediaType?: 'video' | 'audio' | 'unknown';
}

export type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: PermissionRequestDetails,
) => void;

export type PermissionCheckHandler = (
  webContents: unknown,
  permission: string,
  requestingOrigin: string,
  details: PermissionCheckDetails,
) => boolean;

export interface HeadersReceivedDetails {
  readonly url: string;
  readonly responseHeaders?: Record<string, string[]>;
}

export interface HeadersReceivedResponse {
  responseHeaders?: Record<string, string | string[]>;
}

export type HeadersReceivedListener = (
  details: HeadersReceivedDetails,
  callback: (response: HeadersReceivedResponse) => void,
) => void;

/** Answers one request of a custom scheme (Electron's `protocol.handle` handler). */
export type ProtocolHandler = (request: Request) => Response | Promise<Response>;

/** A session's `protocol`: the scheme handlers its pages load through. */
export interface SessionProtocolLike {
  handle(scheme: string, handler: ProtocolHandler): void;
  unhandle(scheme: string): void;
}

/** Electron's `CustomScheme`, as `protocol.registerSchemesAsPrivileged` takes it. */
export interface CustomSchemeLike {
  scheme: string;
  privileges: {
    standard?: boolean;
    secure?: boolean;
    supportFetchAPI?: boolean;
    corsEnabled?: boolean;
    stream?: boolean;
  };
}

/** Electron's app-wide `protocol` module: privileged schemes must be declared before 'ready'. */
export interface ProtocolModuleLike {
  registerSchemesAsPrivileged(schemes: CustomSchemeLike[]): void;
}

export interface SessionLike {
  readonly protocol: SessionProtocolLike;
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void;
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void;
  setDisplayMediaRequestHandler(handler: DisplayMediaRequestHandler | null): void;
  readonly webRequest: {
    onHeadersReceived(listener: HeadersReceivedListener | null): void;
  };
}

/** Electron's `session` module: features only use the default session our one window runs in. */
export interface SessionModuleLike {
  readonly defaultSession: SessionLike;
}
