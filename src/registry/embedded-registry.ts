import type { Deps } from '../deps.ts';
import { registryNotificationSecret } from '../domain/secrets.ts';
import { writeRegistryConfig } from './registry-config-file.ts';
import { startRegistrySupervisor, type RegistrySupervisor } from './supervisor.ts';

/** LATCHKEY_REGISTRY=embedded: write the registry's config, then run and supervise it. */
export function startEmbeddedRegistry(deps: Deps): RegistrySupervisor {
  const { file, addr } = writeRegistryConfig(deps.config, deps.secret);
  deps.log.info({ addr, config: file }, 'starting the embedded container registry');
  return startRegistrySupervisor({
    configFile: file,
    log: deps.log.child({ component: 'registry' }),
    redact: [registryNotificationSecret(deps.secret)],
  });
}
