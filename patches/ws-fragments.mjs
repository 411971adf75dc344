/**
 * Nearcast's change to `ws` (the WebSocket library under Engine.IO), applied when the server and the
 * desktop app's main process are bundled, so it no longer depends on an install script: every build
 * that ships `ws` runs its `lib/receiver.js` through `fixWsReceiver`, and the build fails, naming the
 * text it looked for, when that file is not the one this change was written for. What it fixes, why,
 * and what the change would look like upstream: patches/README.md.
 *
 * Used by scripts/build-server.mjs (esbuild) and electron.vite.config.ts (Vite, for the main process).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** `ws` 8.23.0 stopped keeping each socket's last mask, a view into its last read buffer. */
export const MIN_WS_VERSION = '8.23.0';

/** ws's receiver, wherever npm put it (hoisted or nested), as esbuild and Vite name it. */
export const WS_RECEIVER = /[\\/]node_modules[\\/]ws[\\/]lib[\\/]receiver\.js$/;

/**
 * Each edit adds a line after one exact piece of `Receiver#dataMessage`: once the fragments of a message
 * are joined (or handed over as they are), the array no longer holds them.
 */
const EDITS = [
  {
    after: '      } else {\n        data = fragments;\n      }\n',
    add: "\n      if (this._binaryType !== 'fragments') fragments.length = 0;\n",
  },
  {
    after: '      const buf = concat(fragments, messageLength);\n',
    add: '      fragments.length = 0;\n',
  },
];

function isAtLeast(version, minimum) {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

/**
 * `source`, the text of `ws/lib/receiver.js` at `file`, with the change applied. Throws when the ws
 * beside it is older than MIN_WS_VERSION or when a piece of text an edit follows is missing or not
 * unique: a new `ws` release then needs a look (patches/README.md says what to check), not a silent
 * build without the change.
 */
export function fixWsReceiver(source, file) {
  const { version } = JSON.parse(readFileSync(join(dirname(file), '..', 'package.json'), 'utf8'));
  if (!isAtLeast(version, MIN_WS_VERSION)) {
    throw new Error(
      `ws ${version} (${file}) is older than ${MIN_WS_VERSION}, which stopped pinning each socket's last ` +
        `read buffer; check "overrides" in package.json (patches/README.md).`,
    );
  }
  let text = source.replace(/\r\n/g, '\n');
  for (const { after, add } of EDITS) {
    // Already there: node_modules changed by hand, or ws took the same change.
    if (text.includes(after + add)) continue;
    const at = text.indexOf(after);
    if (at < 0 || text.indexOf(after, at + 1) >= 0) {
      throw new Error(
        `ws ${version}: ${file} does not contain exactly one ${JSON.stringify(after)}, which the ` +
          `fragments fix follows. See patches/README.md before changing or dropping the fix.`,
      );
    }
    text = text.slice(0, at + after.length) + add + text.slice(at + after.length);
  }
  return text;
}

/**
 * The esbuild plugin. With `required`, a build that never loads ws's receiver fails as well: the
 * server must not ship without the change because its dependencies stopped bundling `ws`.
 */
export function esbuildWsFragments({ required = false } = {}) {
  return {
    name: 'nearcast-ws-fragments',
    setup(build) {
      let fixed = 0;
      build.onStart(() => {
        fixed = 0;
      });
      build.onLoad({ filter: WS_RECEIVER }, ({ path }) => {
        fixed++;
        return { contents: fixWsReceiver(readFileSync(path, 'utf8'), path), loader: 'js' };
      });
      build.onEnd((result) => {
        if (required && fixed === 0 && result.errors.length === 0) {
          result.errors.push({
            text: "ws's lib/receiver.js was not bundled, so the fragments fix is missing.",
          });
        }
      });
    },
  };
}

/** The same change as a Vite (Rollup/Rolldown) plugin, for the desktop app's main process. */
export function viteWsFragments() {
  let fixed = 0;
  return {
    name: 'nearcast-ws-fragments',
    enforce: 'pre',
    buildStart() {
      fixed = 0;
    },
    transform(code, id) {
      const file = id.split('?')[0];
      if (!WS_RECEIVER.test(file)) return null;
      fixed++;
      return { code: fixWsReceiver(code, file), map: null };
    },
    buildEnd(error) {
      if (!error && fixed === 0) {
        this.error("ws's lib/receiver.js was not bundled into main, so the fragments fix is missing.");
      }
    },
  };
}
