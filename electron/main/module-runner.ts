/**
 * Runs the main process's feature modules. Each module is a name and an `enable()` that turns the feature
 * on and returns what undoes it (plus whatever the rest of the app needs from it). The runner remembers
 * every module it enabled and, on quit, disposes them newest first: a feature is always torn down before
 * the ones it was built on (the hosting listener before the server it feeds, the IPC handlers before the
 * services behind them).
 *
 * Enabling is one module at a time, so the composition root can await what comes between (the app being
 * ready, the server listening) and hand each module what the earlier ones produced.
 */
import type { Logger } from 'pino';
import { CodedError } from '../../common/result';

/** What an enabled module holds on to: the one way to turn it off again. */
export interface Enabled {
  dispose(): void | Promise<void>;
}

export interface AppModule<T extends Enabled = Enabled> {
  /** For logs and error reports. */
  readonly name: string;
  enable(): T | Promise<T>;
}

export interface ModuleFailure {
  module: string;
  error: unknown;
}

/**
 * A module's enable() failed. The modules enabled before it have been disposed already; `disposeFailures`
 * lists those that failed to dispose in turn.
 */
export class ModuleEnableError extends CodedError {
  constructor(
    readonly module: string,
    override readonly cause: unknown,
    readonly disposeFailures: readonly ModuleFailure[],
  ) {
    super('MODULE_ENABLE_FAILED', `The ${module} module could not be enabled.`);
  }
}

export interface ModuleRunner {
  /**
   * Enables a module and returns what it gave back. When enable() throws, every module enabled so far is
   * disposed (newest first) and a ModuleEnableError naming the module rejects.
   */
  enable<T extends Enabled>(module: AppModule<T>): Promise<T>;
  /**
   * Disposes every enabled module, newest first, each awaited before the next. A module whose dispose
   * throws is logged and reported; the others are disposed all the same. Calling it again returns the
   * same promise.
   */
  dispose(): Promise<ModuleFailure[]>;
}

export function createModuleRunner(logger: Logger): ModuleRunner {
  const log = logger.child({ name: 'main:modules' });
  const enabled: Array<{ name: string; module: Enabled }> = [];
  let disposing: Promise<ModuleFailure[]> | null = null;

  async function disposeOne(name: string, module: Enabled): Promise<ModuleFailure | null> {
    try {
      await module.dispose();
      log.debug({ module: name }, 'disposed');
      return null;
    } catch (error) {
      log.error({ err: error, module: name }, 'a module failed to dispose');
      return { module: name, error };
    }
  }

  async function disposeAll(): Promise<ModuleFailure[]> {
    const failures: ModuleFailure[] = [];
    for (let entry = enabled.pop(); entry; entry = enabled.pop()) {
      const failure = await disposeOne(entry.name, entry.module);
      if (failure) failures.push(failure);
    }
    return failures;
  }

  const dispose = (): Promise<ModuleFailure[]> => (disposing ??= disposeAll());

  return {
    async enable<T extends Enabled>(module: AppModule<T>): Promise<T> {
      if (disposing) {
        throw new CodedError('MODULES_DISPOSED', `Cannot enable ${module.name}: the app is shutting down.`);
      }
      let result: T;
      try {
        result = await module.enable();
      } catch (error) {
        log.error({ err: error, module: module.name }, 'a module failed to enable; undoing the others');
        throw new ModuleEnableError(module.name, error, await dispose());
      }
      if (disposing) {
        // Shutdown began while this one was enabling: it would never be disposed, so undo it now.
        await disposeOne(module.name, result);
        throw new CodedError('MODULES_DISPOSED', `${module.name} was enabled while the app shut down.`);
      }
      enabled.push({ name: module.name, module: result });
      log.debug({ module: module.name }, 'enabled');
      return result;
    },
    dispose,
  };
}
