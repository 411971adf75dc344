/**
 * Who may come in while this computer hosts, safe by default: the guest gate the embedded server asks
 * at each LAN handshake (server/src/admission/guest-gate.ts), built from the host's settings.
 *  - An access code generated once and kept in the settings (QR codes and links already handed out
 *    keep working across restarts), required from LAN guests unless the host turns it off, and
 *    replaced on demand.
 *  - The host's approval of each guest (the lobby), on unless the host turns it off.
 *  - The certificate guests are served: made once in the app's data folder by the same code as the
 *    standalone server's (`loadOrCreateSelfSigned`), so its fingerprint stays what people compared.
 * The app's own window connects over loopback, never through the LAN listener: the gate passes it.
 */
import type { HostingAdmission } from '../../../common/ipc';
import {
  createGuestLobby,
  loadOrCreateSelfSigned,
  type GuestGate,
  type GuestLobby,
  type TlsMaterial,
} from '../../../server/src/index';
import type { SettingsStore } from '../settings';
import { generateAccessCode } from './access-code';

export interface GuestAdmissionOptions {
  settings: Pick<SettingsStore, 'get' | 'set'>;
  /** A folder of the app's data (userData) where the certificate is kept. */
  certificateDir: string;
  /** The LAN addresses the certificate names besides loopback, read when it is first made. */
  addresses: () => string[];
  /** The lobby guests wait in; tests pass one whose timer they fire. */
  lobby?: GuestLobby;
  /** The certificate maker; the server's own in the app. */
  loadCertificate?: (dir: string, addresses: readonly string[]) => Promise<TlsMaterial>;
}

export interface GuestAdmission {
  readonly lobby: GuestLobby;
  /** The gate for the embedded server, given which connections are LAN guests'. */
  gate(isGuest: (connection: unknown) => boolean): GuestGate;
  /** The switches, as the hosting panel shows them. */
  settings(): HostingAdmission;
  setSettings(next: HostingAdmission): HostingAdmission;
  /** What guests need right now: the code (null: none) and whether the host approves each one. */
  current(): { accessCode: string | null; approval: boolean };
  /** Replaces the access code; guests already in stay. */
  newCode(): string;
  /** The kept certificate, loaded (or made) on first use. */
  certificate(): Promise<TlsMaterial>;
}

export function createGuestAdmission(options: GuestAdmissionOptions): GuestAdmission {
  const { settings } = options;
  const lobby = options.lobby ?? createGuestLobby();
  const loadCertificate = options.loadCertificate ?? loadOrCreateSelfSigned;
  let certificate: Promise<TlsMaterial> | null = null;

  const accessCode = (): string => {
    const kept = settings.get('hostingAccessCode');
    if (kept) return kept;
    const made = generateAccessCode();
    settings.set('hostingAccessCode', made);
    return made;
  };
  const current = () => ({
    accessCode: settings.get('hostingRequireCode') ? accessCode() : null,
    approval: settings.get('hostingApproval'),
  });

  return {
    lobby,
    gate: (isGuest) => ({
      isGuest,
      accessCode: () => current().accessCode,
      lobby: () => (current().approval ? lobby : null),
    }),
    settings: () => ({
      requireCode: settings.get('hostingRequireCode'),
      approval: settings.get('hostingApproval'),
    }),
    setSettings(next) {
      const asked = settings.get('hostingApproval');
      settings.set('hostingRequireCode', next.requireCode);
      settings.set('hostingApproval', next.approval);
      // Guests waiting for an answer that will no longer be asked come in (if their code is right).
      if (asked && !next.approval) lobby.admitAll();
      return next;
    },
    current,
    newCode() {
      const made = generateAccessCode();
      settings.set('hostingAccessCode', made);
      return made;
    },
    certificate() {
      // A failure is not kept: the next start tries again (a full disk may have been cleared).
      certificate ??= loadCertificate(options.certificateDir, options.addresses()).catch((error: unknown) => {
        certificate = null;
        throw error;
      });
      return certificate;
    },
  };
}
