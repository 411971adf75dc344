/**
 * Update feeds whose channel files carry the publisher's signature. A feed is any Nearcast server on
 * the LAN, found by multicast (anyone can advertise one), and the SHA-512 electron-updater checks an
 * installer against comes from that same channel file: without a signature, whoever answers could
 * offer their own program. So each channel file (`latest*.yml`) must come with `<name>.sig`, an
 * Ed25519 signature of its exact bytes by the publisher's key (`npm run dist` makes it, see
 * scripts/sign-release.mjs); the app holds the public half, shipped beside it. A channel file that is
 * unsigned, altered or signed by another key is refused before electron-updater reads it, so the
 * version, file names and SHA-512 it acts on are the publisher's.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OutgoingHttpHeaders } from 'node:http';
import type { CancellationToken, CustomPublishOptions } from 'builder-util-runtime';
import type { AppUpdater } from 'electron-updater';
import { GenericProvider } from 'electron-updater/out/providers/GenericProvider';
import type { ProviderRuntimeOptions } from 'electron-updater/out/providers/Provider';
import { UPDATE_SIGNATURE_SUFFIX } from '../../../common/updates';

/** electron-updater's error code for a channel file without the publisher's signature. */
export const NOT_SIGNED = 'ERR_NEARCAST_UPDATE_NOT_SIGNED';

/** An Ed25519 signature in base64 is 88 characters; a longer answer is not one. */
const MAX_SIGNATURE_TEXT = 200;

/** Whether `signature` (base64) signs `data` under one of `keys`. */
export function signedByPublisher(data: string, signature: string, keys: readonly KeyObject[]): boolean {
  const text = signature.trim();
  if (text.length === 0 || text.length > MAX_SIGNATURE_TEXT || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
    return false;
  }
  const bytes = Buffer.from(text, 'base64');
  return keys.some((key) => verify(null, Buffer.from(data, 'utf8'), key, bytes));
}

/** Public keys as PEM text (SPKI), each parsed once; an unparsable one is an error of the build. */
export function publisherKeys(pems: readonly string[]): KeyObject[] {
  return pems.map((pem) => {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('An update key must be an Ed25519 public key.');
    return key;
  });
}

/**
 * The publisher's public keys shipped with the app (`*.pem` in `dir`, resources/update-keys in a
 * package); none when the folder is absent: a build made without a signing key does not update itself.
 */
export function readPublisherKeys(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const pems = names.filter((name) => name.endsWith('.pem')).sort();
  return pems.map((name) => readFileSync(join(dir, name), 'utf8'));
}

/** What the updater gives `setFeedURL`: the custom provider and the feed's URL. */
export type SignedFeedOptions = Omit<CustomPublishOptions, 'provider'> & { provider: 'custom'; url: string };

function notSigned(url: URL): Error {
  return Object.assign(new Error(`The update offered at ${url.origin} is not signed by the publisher.`), {
    code: NOT_SIGNED,
  });
}

/**
 * electron-updater's generic provider, refusing channel files not signed under `keys`
 * (`setFeedURL({ provider: 'custom', updateProvider })`).
 */
export function signedFeedProvider(keys: readonly KeyObject[]): CustomPublishOptions['updateProvider'] {
  return class SignedFeedProvider extends GenericProvider {
    constructor(options: CustomPublishOptions, updater: AppUpdater, runtimeOptions: ProviderRuntimeOptions) {
      const { url } = options as Partial<SignedFeedOptions>;
      if (typeof url !== 'string') throw new Error('A signed update feed needs its URL.');
      super({ ...options, provider: 'generic', url }, updater, runtimeOptions);
    }

    protected override async httpRequest(
      url: URL,
      headers?: OutgoingHttpHeaders | null,
      cancellationToken?: CancellationToken,
    ): Promise<string | null> {
      const body = await super.httpRequest(url, headers, cancellationToken);
      // Only channel files are read through here; installers and block maps are downloaded apart,
      // checked against the SHA-512 of the channel file.
      if (!url.pathname.endsWith('.yml')) return body;
      const signatureUrl = new URL(url);
      signatureUrl.pathname += UPDATE_SIGNATURE_SUFFIX;
      let signature: string | null;
      try {
        signature = await super.httpRequest(signatureUrl, headers, cancellationToken);
      } catch {
        throw notSigned(url);
      }
      if (body === null || signature === null || !signedByPublisher(body, signature, keys))
        throw notSigned(url);
      return body;
    }
  };
}
