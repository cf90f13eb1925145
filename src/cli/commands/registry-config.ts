import { writeRegistryConfig } from '../../registry/registry-config-file.ts';
import { UsageError, type Command } from '../command.ts';

export const registryConfigCommand: Command = {
  name: 'registry config',
  summary: 'Write a ready config.yml for the Distribution registry (and its token signing key pair, once)',
  usage: 'latchkey registry config [--output <file>] [--addr <host:port>] [--latchkey-url <url>]',
  options: {
    output: { type: 'string' },
    addr: { type: 'string' },
    'latchkey-url': { type: 'string' },
  },
  async run(deps, values, io) {
    const addr = typeof values.addr === 'string' ? values.addr : undefined;
    if (addr !== undefined && !/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(addr)) throw new UsageError('--addr must be host:port');
    const latchkeyUrl = typeof values['latchkey-url'] === 'string' ? values['latchkey-url'] : undefined;
    if (latchkeyUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(latchkeyUrl)) throw new UsageError('--latchkey-url must be an http(s) URL');
    const written = writeRegistryConfig(deps.config, deps.secret, {
      ...(addr !== undefined && { addr }),
      ...(latchkeyUrl !== undefined && { latchkeyUrl }),
      ...(typeof values.output === 'string' && { file: values.output }),
    });
    io.out(written.file);
    io.err(`Start the registry with: docker-registry serve ${written.file}`);
    io.err(`and tell Latchkey where clients reach it: LATCHKEY_REGISTRY_URL=http://${written.addr} (or run it embedded with LATCHKEY_REGISTRY=embedded)`);
    return 0;
  },
};
