/**
 * The werift media engine: pure TypeScript, installed from npm with no native build or download, so
 * the unit runs wherever Node runs (standalone server, desktop app on Windows, macOS and Linux). Every
 * connection presents the one certificate werift keeps per thread, so the unit has one fingerprint.
 */
import { RTCDtlsTransport } from 'werift';
import type { MediaEngine } from './engine';
// The unit is the DTLS client of every publish connection: a stale HelloVerifyRequest must not fail it.
import './werift-dtls-fix';
// A consent answer read late by a busy worker must still count, or werift stops sending (the module says why).
import './werift-consent-fix';
import { createWeriftPublish, type EngineDebug } from './werift-publish';
import { createWeriftSubscribe } from './werift-subscribe';
import './werift-socket-buffer';

/** The worker's settings that reach the engine. */
export interface WeriftEngineOptions {
  /** Addresses announced as ICE host candidates besides the machine's interfaces (127.0.0.1 in tests). */
  addresses?: readonly string[];
  /** Hears publish connection states and keyframe requests (only when the server logs debug). */
  debug?: EngineDebug;
}

/** Resolves once the certificate exists, so the fingerprint is known before any connection. */
export async function createWeriftEngine(options: WeriftEngineOptions): Promise<MediaEngine> {
  const certificate = await RTCDtlsTransport.SetupCertificate();
  const print = certificate.getFingerprints().find((f) => f.algorithm === 'sha-256');
  if (!print) throw new Error('werift made no sha-256 fingerprint');
  return {
    fingerprint: `sha-256 ${print.value.toUpperCase()}`,
    createPublish: (peerId) => createWeriftPublish(options.addresses, peerId, options.debug),
    createSubscribe: () => createWeriftSubscribe(options.addresses),
  };
}
