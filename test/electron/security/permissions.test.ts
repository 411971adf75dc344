import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { enablePermissionPolicy } from '../../../electron/main/security/permissions';
import { FakeSession } from '../../fakes/electron';

const ORIGIN = 'http://127.0.0.1:4780';
const PAGE = `${ORIGIN}/#/room/lobby`;

function setup() {
  const session = new FakeSession();
  const dispose = enablePermissionPolicy({
    session,
    trustedOrigin: ORIGIN,
    logger: pino({ level: 'silent' }),
  });
  return { session, dispose };
}

describe('permission requests', () => {
  it('grants camera, microphone and display capture to our main frame', async () => {
    const { session } = setup();
    const main = { isMainFrame: true, requestingUrl: PAGE };
    await expect(session.requestPermission('media', { ...main, mediaTypes: ['audio'] })).resolves.toBe(true);
    await expect(session.requestPermission('media', { ...main, mediaTypes: ['video'] })).resolves.toBe(true);
    await expect(
      session.requestPermission('media', { ...main, mediaTypes: ['audio', 'video'] }),
    ).resolves.toBe(true);
    await expect(session.requestPermission('display-capture', main)).resolves.toBe(true);
  });

  it("grants full screen (a tile's Full screen button) and clipboard writes (Copy invite link) to our main frame only", async () => {
    const { session } = setup();
    for (const permission of ['fullscreen', 'clipboard-sanitized-write']) {
      await expect(
        session.requestPermission(permission, { isMainFrame: true, requestingUrl: PAGE }),
        permission,
      ).resolves.toBe(true);
      await expect(
        session.requestPermission(permission, { isMainFrame: true, requestingUrl: 'https://evil.example/' }),
        permission,
      ).resolves.toBe(false);
      await expect(
        session.requestPermission(permission, { isMainFrame: false, requestingUrl: PAGE }),
        permission,
      ).resolves.toBe(false);
      expect(session.checkPermission(permission, ORIGIN, { isMainFrame: true }), permission).toBe(true);
    }
  });

  it.each(['geolocation', 'notifications', 'midiSysex', 'clipboard-read', 'hid', 'openExternal', 'unknown'])(
    'denies %s even to our main frame',
    async (permission) => {
      const { session } = setup();
      await expect(
        session.requestPermission(permission, { isMainFrame: true, requestingUrl: PAGE }),
      ).resolves.toBe(false);
    },
  );

  it('denies media to foreign origins, subframes and mismatched security origins', async () => {
    const { session } = setup();
    const media = { mediaTypes: ['audio', 'video'] as const };
    const denied = [
      { isMainFrame: true, requestingUrl: 'https://evil.example/' },
      { isMainFrame: true, requestingUrl: 'http://127.0.0.1:4781/' },
      { isMainFrame: true, requestingUrl: 'file:///home/user/page.html' },
      { isMainFrame: false, requestingUrl: PAGE },
      { isMainFrame: true, requestingUrl: PAGE, securityOrigin: 'https://evil.example/' },
    ];
    for (const details of denied) {
      await expect(
        session.requestPermission('media', { ...details, ...media }),
        JSON.stringify(details),
      ).resolves.toBe(false);
      await expect(session.requestPermission('display-capture', details)).resolves.toBe(false);
    }
  });

  it('denies a media request that names no devices', async () => {
    const { session } = setup();
    await expect(
      session.requestPermission('media', { isMainFrame: true, requestingUrl: PAGE }),
    ).resolves.toBe(false);
    await expect(
      session.requestPermission('media', { isMainFrame: true, requestingUrl: PAGE, mediaTypes: [] }),
    ).resolves.toBe(false);
  });
});

describe('permission checks', () => {
  it('answers checks with the same allowlist', () => {
    const { session } = setup();
    expect(session.checkPermission('media', ORIGIN, { isMainFrame: true, mediaType: 'video' })).toBe(true);
    expect(session.checkPermission('display-capture', ORIGIN, { isMainFrame: true })).toBe(true);
    expect(session.checkPermission('geolocation', ORIGIN, { isMainFrame: true })).toBe(false);
    expect(session.checkPermission('notifications', ORIGIN, { isMainFrame: true })).toBe(false);
    expect(session.checkPermission('media', 'https://evil.example', { isMainFrame: true })).toBe(false);
    expect(session.checkPermission('media', ORIGIN, { isMainFrame: false })).toBe(false);
    expect(
      session.checkPermission('media', ORIGIN, {
        isMainFrame: true,
        embeddingOrigin: 'https://evil.example',
      }),
    ).toBe(false);
  });

  it('restores Electron defaults on dispose', () => {
    const { session, dispose } = setup();
    dispose();
    expect(session.permissionRequestHandler).toBeNull();
    expect(session.permissionCheckHandler).toBeNull();
  });
});
