/**
 * Permission allowlist for the app's session: camera and microphone ('media'), screen capture
 * ('display-capture'), full screen (a tile's Full screen button) and clipboard writes (Copy invite
 * link), for the main frame of our own origin. Everything else — geolocation, notifications, MIDI, HID,
 * clipboard reads, any other origin, any subframe — is denied, both when a page
 * asks (request handler) and when Chromium merely checks (check handler), because Electron grants
 * everything by default.
 *
 * Screen capture itself is still decided per request by display-media.ts; this only lets the request
 * reach it.
 *
 * Implements Electron security checklist #5 "Handle session permission requests from remote content"
 * (https://www.electronjs.org/docs/latest/tutorial/security#5-handle-session-permission-requests-from-remote-content).
 */
import type { Logger } from 'pino';
import type { PermissionCheckDetails, PermissionRequestDetails, SessionLike } from '../electron-api/session';
import { originOf } from './trust';

/** What a permission decision depends on, whichever handler asked. */
export interface PermissionQuery {
  permission: string;
  /** Origin of the requesting frame, null when unknown or opaque. */
  origin: string | null;
  isMainFrame: boolean;
  /** For 'media' requests: which devices ('audio' = microphone, 'video' = camera). */
  mediaTypes?: readonly string[];
}

const GRANTABLE = new Set(['media', 'display-capture', 'fullscreen', 'clipboard-sanitized-write']);
const MEDIA_TYPES = new Set(['audio', 'video']);

/** The single rule both handlers apply. A 'media' request must name only microphone and camera. */
export function isPermissionAllowed(query: PermissionQuery, trustedOrigin: string): boolean {
  if (!GRANTABLE.has(query.permission)) return false;
  if (!query.isMainFrame || query.origin !== trustedOrigin) return false;
  if (query.permission === 'media' && query.mediaTypes !== undefined) {
    return query.mediaTypes.length > 0 && query.mediaTypes.every((type) => MEDIA_TYPES.has(type));
  }
  return true;
}

/** A request is judged on the frame's URL; when Electron also names a security origin, both must agree. */
function requestQuery(permission: string, details: PermissionRequestDetails): PermissionQuery {
  const origin = originOf(details.requestingUrl);
  const agreed = details.securityOrigin === undefined || originOf(details.securityOrigin) === origin;
  return {
    permission,
    origin: agreed ? origin : null,
    isMainFrame: details.isMainFrame,
    // Electron always lists media types for 'media' requests; an absent list is treated as an empty one.
    mediaTypes: permission === 'media' ? (details.mediaTypes ?? []) : undefined,
  };
}

/** A check names the origin directly; an `embeddingOrigin` means a cross-origin subframe asked. */
function checkQuery(
  permission: string,
  requestingOrigin: string,
  details: PermissionCheckDetails,
): PermissionQuery {
  return {
    permission,
    origin: details.embeddingOrigin === undefined ? originOf(requestingOrigin) : null,
    isMainFrame: details.isMainFrame,
  };
}

export interface PermissionPolicyOptions {
  session: Pick<SessionLike, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;
  trustedOrigin: string;
  logger: Logger;
}

/** Installs both handlers; the returned function restores Electron's defaults (used on shutdown). */
export function enablePermissionPolicy({
  session,
  trustedOrigin,
  logger,
}: PermissionPolicyOptions): () => void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const query = requestQuery(permission, details);
    const granted = isPermissionAllowed(query, trustedOrigin);
    if (!granted) logger.warn({ permission, origin: query.origin }, 'denied a permission request');
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionAllowed(checkQuery(permission, requestingOrigin, details), trustedOrigin),
  );
  return () => {
    session.setPermissionRequestHandler(null);
    session.setPermissionCheckHandler(null);
  };
}
