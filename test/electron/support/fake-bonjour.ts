/**
 * A bonjour-service stand-in: `publish` records what would be advertised; `find` returns a browser the
 * test drives by announcing services as they would arrive from the network (raw TXT bytes included).
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';
import type { DiscoveredService } from '../../../electron/main/hosting/lan-discovery';

export class FakePublished extends EventEmitter {
  stopped = false;
  constructor(readonly config: { name: string; type: string; port: number; txt: Record<string, string> }) {
    super();
  }
  stop(callback?: () => void): void {
    this.stopped = true;
    callback?.();
  }
}

export class FakeBrowser extends EventEmitter {
  stopped = false;
  readonly update = vi.fn();
  readonly expire = vi.fn();
  stop(): void {
    this.stopped = true;
  }
}

/** TXT strings as the wire carries them: one byte string per `key=value`. */
export function rawTxt(txt: Record<string, string>): Buffer[] {
  return Object.entries(txt).map(([key, value]) => Buffer.from(`${key}=${value}`));
}

export function service(
  fqdn: string,
  port: number,
  txt: Record<string, string> | Buffer[],
  addresses = ['192.168.1.20'],
): DiscoveredService {
  return { fqdn, port, addresses, rawTxt: Array.isArray(txt) ? txt : rawTxt(txt) };
}

export class FakeBonjour {
  readonly published: FakePublished[] = [];
  readonly browsers: FakeBrowser[] = [];
  destroyed = false;
  publish(config: { name: string; type: string; port: number; txt: Record<string, string> }): FakePublished {
    const published = new FakePublished(config);
    this.published.push(published);
    return published;
  }
  find(_config: { type: string }): FakeBrowser {
    const browser = new FakeBrowser();
    this.browsers.push(browser);
    return browser;
  }
  destroy(callback?: () => void): void {
    this.destroyed = true;
    callback?.();
  }
}
