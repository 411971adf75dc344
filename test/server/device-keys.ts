/**
 * A device key as a client holds one (ECDSA P-256), with node:crypto, and sockets that keep the
 * challenge the server sends first on each connection, so tests can register keyed devices.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { io as connectSocket } from 'socket.io-client';
import { afterEach } from 'vitest';
import { KEYED_DEVICE_PREFIX, presenceProofMessage, type DeviceProof } from '../../common/signaling/presence';
import type { ListeningAddress } from '../../server/src';
import { WAIT_MS, waitFor, type Client } from './helpers';

export interface DeviceKey {
  deviceId: string;
  publicKey: string;
  privateKey: KeyObject;
}

export function newDeviceKey(): DeviceKey {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return {
    deviceId: KEYED_DEVICE_PREFIX + createHash('sha256').update(spki).digest('base64url'),
    publicKey: spki.toString('base64url'),
    privateKey,
  };
}

/** The proof a client with `key` gives on the connection whose challenge is `challenge`. */
export function proofFor(key: DeviceKey, challenge: string): DeviceProof {
  const signature = sign('sha256', Buffer.from(presenceProofMessage(challenge)), {
    key: key.privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return { publicKey: key.publicKey, signature: signature.toString('base64url') };
}

export interface Connected {
  client: Client;
  /** The challenge from this connection's `session:features`. */
  challenge: string;
}

const opened: Client[] = [];
afterEach(() => {
  for (const client of opened.splice(0)) client.disconnect();
});

/** Connects and resolves once the server's `session:features` (with the challenge) arrived. */
export async function connectWithChallenge(address: ListeningAddress): Promise<Connected> {
  const client: Client = connectSocket(address.url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  opened.push(client);
  // Listening before the first packet can arrive: the features are the server's first event.
  const features = waitFor<{ challenge?: string }>(client, 'session:features', () => true, WAIT_MS);
  const { challenge } = await features;
  if (!challenge) throw new Error('the server sent no challenge');
  return { client, challenge };
}
