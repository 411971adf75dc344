/**
 * One side of the real mDNS test, run as its own process inside a private network namespace:
 *   advertise — publishes a valid Nearcast host through lan-discovery, plus two hand-crafted bad
 *               advertisements (a TXT port out of range, an oversized TXT) straight through bonjour;
 *   browse    — browses through lan-discovery and prints, one JSON line each, every raw service the
 *               library saw (`seen`) and every list of hosts lan-discovery accepted (`hosts`).
 * Stops cleanly on SIGTERM (the advertiser sends its goodbye packets first).
 */
import { Bonjour } from 'bonjour-service';
import { pino } from 'pino';
import { createLanDiscovery, type BonjourLike } from '../../../electron/main/hosting/lan-discovery';

const mode = process.argv[2];
const logger = pino({ level: 'silent' });
const print = (line: object): void => void process.stdout.write(`${JSON.stringify(line)}\n`);

function discovery(bonjour: BonjourLike, instanceName: string) {
  return createLanDiscovery({
    bonjour,
    instanceName,
    displayName: 'Ada laptop',
    version: '0.1.0',
    accessCode: () => true,
    refreshMs: 1_000,
    logger,
  });
}

if (mode === 'advertise') {
  const bonjour = new Bonjour();
  const lan = discovery(bonjour, 'Nearcast-good');
  lan.advertiser.publish(4780);
  bonjour.publish({
    name: 'Nearcast-bad-port',
    type: 'nearcast',
    port: 4781,
    txt: { name: 'Bad port', v: '0.1.0', ac: '0', port: '99999' },
  });
  bonjour.publish({
    name: 'Nearcast-bad-big',
    type: 'nearcast',
    port: 4782,
    txt: {
      name: 'Big',
      v: '0.1.0',
      ac: '0',
      port: '4782',
      a: 'x'.repeat(200),
      b: 'y'.repeat(200),
      c: 'z'.repeat(200),
    },
  });
  print({ ready: true });
  process.once('SIGTERM', () => {
    void lan.dispose().then(() => process.exit(0));
  });
} else if (mode === 'browse') {
  const bonjour = new Bonjour();
  const spy: BonjourLike = {
    publish: (config) => bonjour.publish(config),
    destroy: (callback) => bonjour.destroy(callback),
    find(config) {
      const browser = bonjour.find(config);
      browser.on('up', (service) => print({ seen: service.fqdn }));
      return browser;
    },
  };
  const lan = discovery(spy, 'Nearcast-browser');
  lan.onChanged((hosts) => print({ hosts }));
  lan.startBrowsing();
  print({ ready: true });
  process.once('SIGTERM', () => {
    void lan.dispose().then(() => process.exit(0));
  });
} else {
  process.stderr.write('usage: mdns-peer.ts advertise|browse\n');
  process.exit(2);
}
