#!/usr/bin/env node
/**
 * The publisher's update key. The app refuses an update whose channel file (`latest*.yml`) is not
 * signed by it (electron/main/updates/signed-feed.ts): anyone on a LAN can advertise a Nearcast
 * server with "updates".
 *
 *   node scripts/release-signing.mjs new-key FILE   makes the key (Ed25519, private PEM, mode 600)
 *   node scripts/release-signing.mjs sign DIR       signs DIR/latest*.yml with $NEARCAST_UPDATE_KEY
 *
 * `npm run dist` uses it: with NEARCAST_UPDATE_KEY (the key file's path) the build carries the public
 * half and its release files are signed; without, the build does not update itself. Keep the key off
 * the build tree and out of version control; every later release must be signed with the same key.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What a channel file's signature is saved as, beside it (common/updates.ts). */
export const SIGNATURE_SUFFIX = '.sig';

/** The private key in `file`; an error a person can act on when it is not an Ed25519 key. */
export function readSigningKey(file) {
  let key;
  try {
    key = createPrivateKey(readFileSync(file));
  } catch (error) {
    throw new Error(`Cannot read the update signing key ${file}: ${error.message}`, { cause: error });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file} is not an Ed25519 private key.`);
  return key;
}

/** The public half as PEM, what the app ships. */
export function publicKeyPem(privateKey) {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
}

/** Signs every channel file in `dir`; returns their names. None found is an error (nothing to sign). */
export function signRelease(dir, privateKey) {
  const channels = readdirSync(dir).filter((name) => /^latest.*\.yml$/.test(name));
  if (channels.length === 0) throw new Error(`No latest*.yml in ${dir}: build the release first.`);
  for (const name of channels) {
    const signature = sign(null, readFileSync(join(dir, name)), privateKey).toString('base64');
    writeFileSync(join(dir, `${name}${SIGNATURE_SUFFIX}`), `${signature}\n`);
  }
  return channels;
}

/** Makes a new key in `file`, never over an existing one (that would orphan every installed copy). */
export function newSigningKey(file) {
  if (existsSync(file)) throw new Error(`${file} exists: an update key is never replaced by accident.`);
  const { privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  return publicKeyPem(privateKey);
}

function main([command, target]) {
  if (command === 'new-key' && target) {
    newSigningKey(target);
    console.log(
      `Made the update signing key ${target}. Build with NEARCAST_UPDATE_KEY=${target} npm run dist.`,
    );
    return;
  }
  if (command === 'sign' && target) {
    const keyFile = process.env.NEARCAST_UPDATE_KEY;
    if (!keyFile) throw new Error('Set NEARCAST_UPDATE_KEY to the update signing key file.');
    const signed = signRelease(target, readSigningKey(keyFile));
    console.log(`Signed ${signed.join(', ')}.`);
    return;
  }
  throw new Error('Usage: release-signing.mjs new-key FILE | sign DIR');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
