import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import {
  createModuleRunner,
  ModuleEnableError,
  type AppModule,
  type Enabled,
} from '../../electron/main/module-runner';

const logger = pino({ level: 'silent' });

/** A module that writes what happens to it into a shared journal. */
function recorded(
  journal: string[],
  name: string,
  behaviour: { failEnable?: Error; failDispose?: Error; asyncDispose?: boolean } = {},
): AppModule<Enabled & { name: string }> {
  return {
    name,
    enable() {
      journal.push(`enable ${name}`);
      if (behaviour.failEnable) throw behaviour.failEnable;
      return {
        name,
        dispose() {
          if (behaviour.failDispose) {
            journal.push(`dispose ${name} (fails)`);
            throw behaviour.failDispose;
          }
          if (!behaviour.asyncDispose) {
            journal.push(`dispose ${name}`);
            return;
          }
          journal.push(`dispose ${name} started`);
          // Resolved a few turns later: the runner must wait for it before the next dispose.
          return Promise.resolve()
            .then(() => undefined)
            .then(() => void journal.push(`dispose ${name} done`));
        },
      };
    },
  };
}

describe('module runner', () => {
  it('enables modules in order, hands back what they return, and disposes them newest first', async () => {
    const journal: string[] = [];
    const modules = createModuleRunner(logger);
    const first = await modules.enable(recorded(journal, 'server'));
    await modules.enable(recorded(journal, 'security'));
    await modules.enable(recorded(journal, 'hosting'));
    expect(first.name).toBe('server');
    await expect(modules.dispose()).resolves.toEqual([]);
    expect(journal).toEqual([
      'enable server',
      'enable security',
      'enable hosting',
      'dispose hosting',
      'dispose security',
      'dispose server',
    ]);
  });

  it('waits for an asynchronous dispose before disposing the next module', async () => {
    const journal: string[] = [];
    const modules = createModuleRunner(logger);
    await modules.enable(recorded(journal, 'server'));
    await modules.enable(recorded(journal, 'hosting', { asyncDispose: true }));
    await modules.dispose();
    expect(journal.slice(2)).toEqual(['dispose hosting started', 'dispose hosting done', 'dispose server']);
  });

  it('undoes the modules already enabled when one fails to enable, and reports which one failed', async () => {
    const journal: string[] = [];
    const modules = createModuleRunner(logger);
    await modules.enable(recorded(journal, 'server'));
    await modules.enable(recorded(journal, 'security'));
    const cause = new Error('port in use');
    const failing = modules.enable(recorded(journal, 'hosting', { failEnable: cause }));
    await expect(failing).rejects.toBeInstanceOf(ModuleEnableError);
    await expect(failing).rejects.toMatchObject({
      code: 'MODULE_ENABLE_FAILED',
      module: 'hosting',
      cause,
      disposeFailures: [],
    });
    expect(journal).toEqual([
      'enable server',
      'enable security',
      'enable hosting',
      'dispose security',
      'dispose server',
    ]);
    // Nothing is disposed twice when quitting follows.
    await modules.dispose();
    expect(journal).toHaveLength(5);
  });

  it('lists the modules that also failed to dispose while undoing a failed start', async () => {
    const journal: string[] = [];
    const modules = createModuleRunner(logger);
    const stuck = new Error('stuck');
    await modules.enable(recorded(journal, 'server', { failDispose: stuck }));
    const failing = modules.enable(recorded(journal, 'security', { failEnable: new Error('no session') }));
    await expect(failing).rejects.toMatchObject({
      module: 'security',
      disposeFailures: [{ module: 'server', error: stuck }],
    });
  });

  it('disposes every module even when some fail to, and reports those', async () => {
    const journal: string[] = [];
    const modules = createModuleRunner(logger);
    const broken = new Error('tray already destroyed');
    await modules.enable(recorded(journal, 'server'));
    await modules.enable(recorded(journal, 'desktop', { failDispose: broken }));
    await modules.enable(recorded(journal, 'downloads'));
    await expect(modules.dispose()).resolves.toEqual([{ module: 'desktop', error: broken }]);
    expect(journal.slice(3)).toEqual(['dispose downloads', 'dispose desktop (fails)', 'dispose server']);
  });

  it('disposes once however often it is asked', async () => {
    const journal: string[] = [];
    const modules = createModuleRunner(logger);
    await modules.enable(recorded(journal, 'server'));
    const first = modules.dispose();
    expect(modules.dispose()).toBe(first);
    await first;
    await modules.dispose();
    expect(journal).toEqual(['enable server', 'dispose server']);
  });

  it('refuses to enable a module once disposing has begun', async () => {
    const journal: string[] = [];
    const modules = createModuleRunner(logger);
    await modules.dispose();
    await expect(modules.enable(recorded(journal, 'late'))).rejects.toMatchObject({
      code: 'MODULES_DISPOSED',
    });
    expect(journal).toEqual([]);
  });

  it('undoes a module whose enable was still running when disposing began', async () => {
    const journal: string[] = [];
    const modules = createModuleRunner(logger);
    let finishEnable: () => void = () => undefined;
    const slow: AppModule = {
      name: 'server',
      enable: () =>
        new Promise<Enabled>((resolve) => {
          finishEnable = () => resolve({ dispose: () => void journal.push('dispose server') });
        }),
    };
    const enabling = modules.enable(slow);
    const disposing = modules.dispose();
    finishEnable();
    await expect(enabling).rejects.toMatchObject({ code: 'MODULES_DISPOSED' });
    await disposing;
    expect(journal).toEqual(['dispose server']);
  });
});
