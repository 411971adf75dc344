/**
 * The channels behind the Home screen's server panel ("Another server", "Use this computer's server"):
 * which server the renderer should connect to, and choosing another (or the embedded one again). The
 * choice itself is created by the composition root before the security rules, whose CSP follows it.
 */
import { ok } from '../../../common/result';
import type { IpcRegistry } from '../ipc-registry';
import type { AppModule } from '../module-runner';
import type { ServerChoice } from './server-choice';

export interface ServerChoiceModuleOptions {
  registry: IpcRegistry;
  choice: ServerChoice;
}

export function serverChoiceModule({ registry, choice }: ServerChoiceModuleOptions): AppModule {
  return {
    name: 'server choice',
    enable() {
      const removeHandlers = registry.handle({
        'app:signaling-url': () => ok(choice.current()),
        'app:set-signaling-server': (address) => choice.choose(address),
      });
      return { dispose: removeHandlers };
    },
  };
}
