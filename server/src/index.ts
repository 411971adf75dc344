/** Public entry of the signaling server: the desktop app and the CLI import from here only. */
export {
  createSignalingServer,
  type ListeningAddress,
  type SignalingServer,
  type SignalingServerOptions,
} from './signaling-server';
export type { SignalingIo, SignalingSocket } from './transport/io';
export type { ForwardingSettings, IceConfig, SignalingLimits, TurnConfig } from './settings';
export type { ForwardingUnit, UnitStats } from './unit/forwarding-unit';
export { createForwardingUnit, type ForwardingUnitOptions } from './unit/create-forwarding-unit';
export { DEFAULT_LIMITS } from './settings';
export { CONTENT_SECURITY_POLICY, SECURITY_HEADERS, isWebClientBuilt } from './http/handler';
export { connectableUrl, httpUrl, isWildcardHost } from './http/address';
export type { GuestGate } from './admission/guest-gate';
export { createGuestLobby, type GuestLobby, type Knock } from './admission/guest-lobby';
export { createSecureFront } from './http/secure-front';
export { loadOrCreateSelfSigned, type TlsMaterial } from './cli/tls';
export { openBonjour } from './cli/bonjour';
