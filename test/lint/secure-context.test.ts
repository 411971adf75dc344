/**
 * The secure-context rule of eslint.config.js, proved on probes: in the renderer, touching an API that
 * exists only in secure contexts is reported whatever the object is called, and what a LAN guest's
 * page over http does have is not. A use that is guarded says so beside it (eslint-disable with why).
 */
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function secureContextErrors(code: string, file = 'renderer/src/stores/probe.ts'): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath: resolve(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-syntax' && m.message.includes('secure contexts only'))
    .map((m) => m.message);
}

describe('secure-context-only APIs in the renderer', () => {
  it.each([
    'export const id = crypto.randomUUID();',
    "export const d = crypto.subtle.digest('SHA-256', new Uint8Array());",
    'export const s = (w: Window) => w.crypto.subtle;',
    'export const s = globalThis.crypto?.subtle;',
    'export const m = navigator.mediaDevices.getUserMedia({ video: true });',
    'export const m = (w: Window) => w.navigator.mediaDevices;',
    "export const c = navigator.clipboard.writeText('x');",
    'export const p = (window as unknown as { showSaveFilePicker: unknown }).showSaveFilePicker;',
  ])('reports %s', async (code) => {
    expect(await secureContextErrors(code)).toHaveLength(1);
  });

  it('reports it in a component too', async () => {
    const vue =
      '<script setup lang="ts">\nconst id = crypto.randomUUID();\n</script>\n<template><p>{{ id }}</p></template>';
    expect(await secureContextErrors(vue, 'renderer/src/components/Probe.vue')).toHaveLength(1);
  });

  it('leaves alone what every page has', async () => {
    const code = [
      'export const bytes = crypto.getRandomValues(new Uint8Array(16));',
      'export const secure = window.isSecureContext;',
      'export const languages = navigator.languages;',
    ].join('\n');
    expect(await secureContextErrors(code)).toEqual([]);
  });

  it('is about the renderer only (tests and the server run elsewhere)', async () => {
    expect(
      await secureContextErrors('export const id = crypto.randomUUID();', 'server/src/probe.ts'),
    ).toEqual([]);
  });
});
