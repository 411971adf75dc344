/**
 * `--advertise`: the record the standalone server multicasts is the one the desktop app's browser
 * accepts (read back through its own parser), and stopping sends the goodbye before the socket closes.
 * bonjour-service is the fake the desktop tests use; real multicast is test/e2e/mdns.e2e.ts.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { toLanHost } from '../../electron/main/hosting/lan-discovery';
import { startLanAdvert, type LanAdvertOptions } from '../../server/src/cli/advertise';
import { FakeBonjour, FakePublished, service } from '../electron/support/fake-bonjour';

const FINGERPRINT = Array.from({ length: 32 }, (_, i) =>
  (i * 7).toString(16).padStart(2, '0').toUpperCase(),
).join(':');

function advertise(bonjour: FakeBonjour, overrides: Partial<LanAdvertOptions> = {}) {
  return startLanAdvert({
    bonjour,
    instanceName: 'Nearcast-0a1b2c3d',
    displayName: 'lan-box',
    version: '1.4.2',
    port: 4780,
    accessCode: false,
    fingerprint: null,
    updates: false,
    logger: pino({ level: 'silent' }),
    ...overrides,
  });
}

describe('the standalone server advert', () => {
  it('publishes _nearcast._tcp with name, version, code, fingerprint, port and updates', () => {
    const bonjour = new FakeBonjour();
    advertise(bonjour, { accessCode: true, fingerprint: FINGERPRINT, updates: true });

    expect(bonjour.published).toHaveLength(1);
    const { config } = bonjour.published[0]!;
    expect(config).toEqual({
      name: 'Nearcast-0a1b2c3d',
      type: 'nearcast',
      port: 4780,
      txt: { name: 'lan-box', v: '1.4.2', ac: '1', fp: FINGERPRINT, port: '4780', up: '1' },
    });
    // What the desktop app lists when the record arrives from 10.0.0.5.
    expect(toLanHost(service(`${config.name}._nearcast._tcp.local`, 4780, config.txt, ['10.0.0.5']))).toEqual(
      {
        id: 'Nearcast-0a1b2c3d._nearcast._tcp.local',
        name: 'lan-box',
        version: '1.4.2',
        accessCode: true,
        fingerprint: FINGERPRINT,
        address: '10.0.0.5',
        port: 4780,
        url: 'https://10.0.0.5:4780/',
        updates: true,
      },
    );
  });

  it('leaves out the fingerprint and the updates flag of a plain server without release files', () => {
    const bonjour = new FakeBonjour();
    const advert = advertise(bonjour);

    expect(advert.txt).toEqual({ name: 'lan-box', v: '1.4.2', ac: '0', port: '4780' });
    expect(bonjour.published[0]!.config.txt).toEqual(advert.txt);
  });

  it('on stop, sends the goodbye, then closes the multicast socket, once', async () => {
    const order: string[] = [];
    let finishGoodbye = (): void => undefined;
    class SlowGoodbye extends FakePublished {
      override stop(callback?: () => void): void {
        order.push('goodbye');
        finishGoodbye = () => super.stop(callback);
      }
    }
    class Bonjour extends FakeBonjour {
      override publish(config: FakePublished['config']): FakePublished {
        const published = new SlowGoodbye(config);
        this.published.push(published);
        return published;
      }
      override destroy(callback?: () => void): void {
        order.push('destroy');
        super.destroy(callback);
      }
    }
    const bonjour = new Bonjour();
    const advert = advertise(bonjour);

    const stopped = advert.stop();
    const again = advert.stop();
    expect(order).toEqual(['goodbye']);
    finishGoodbye();
    await Promise.all([stopped, again]);

    expect(order).toEqual(['goodbye', 'destroy']);
    expect(bonjour.published[0]!.stopped).toBe(true);
    expect(bonjour.destroyed).toBe(true);
  });
});
