/**
 * Where a guest on plain http can send from. Browsers grant camera, microphone and screen capture only
 * to secure pages, so a guest who opened the server by its LAN address over http:// watches, listens,
 * chats and receives files; when the same server also serves HTTPS (it answers `/tls.json`), the same
 * address over https:// is where it can send too, and the fingerprint is what its browser should show
 * for the certificate before the guest accepts it.
 */
import { TLS_INFO_PATH, tlsInfoSchema } from '../../../common/tls-info';

export interface SecureAddress {
  /** This page as it was when asked (room link included) over https://, on the same host and port. */
  url: string;
  /** `https://host:port`: with the page's current path and query, the address of where it is now. */
  origin: string;
  /** The certificate's SHA-256 fingerprint, `AB:CD:…` as certificate viewers show it. */
  fingerprint256: string;
}

/** The parts of a window this reads; tests give a plain object. */
export type SecureAddressWindow = Pick<Window, 'isSecureContext' | 'fetch'> & {
  location: Pick<Location, 'href'>;
};

/**
 * The https:// twin of this page, or null: on a page that is secure already, when the server serves no
 * HTTPS, or when it cannot be asked. Never throws: the page works without it.
 */
export async function findSecureAddress(win: SecureAddressWindow): Promise<SecureAddress | null> {
  if (win.isSecureContext || typeof win.fetch !== 'function') return null;
  try {
    const page = new URL(win.location.href);
    if (page.protocol !== 'http:') return null;
    const response = await win.fetch(new URL(TLS_INFO_PATH, page.origin).href, { cache: 'no-store' });
    if (!response.ok) return null;
    const info = tlsInfoSchema.safeParse(await response.json());
    if (!info.success) return null;
    page.protocol = 'https:';
    // The fragment may hold a code the page has already taken out; it stays out.
    page.hash = '';
    return { url: page.href, origin: page.origin, fingerprint256: info.data.fingerprint256 };
  } catch {
    return null;
  }
}
