import { buildApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { startContainerRepositoryPurge } from './jobs/container-repository-purge.ts';
import { startExpiredBotCleanup } from './jobs/expired-bot-cleanup.ts';
import { startOutboxDelivery } from './jobs/outbox-delivery.ts';
import { startWebhookDeliveryPruning } from './jobs/webhook-delivery-pruning.ts';
import { createLogger } from './logger.ts';
import { startEmbeddedRegistry } from './registry/embedded-registry.ts';
import { mailNotConfigured } from './services/outbox/mail-not-configured.ts';
import { deliverWebhook } from './services/webhooks/deliver-webhook.ts';
import { startSshServer } from './ssh/server.ts';

async function main(): Promise<void> {
  // What the server and the processes it starts (git, the embedded registry) create is owner-only.
  process.umask(0o077);
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`latchkey: invalid configuration: ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  const app = await buildApp(config, { log, bootstrap: true });
  await app.http.listen({ host: config.httpHost, port: config.httpPort });
  const ssh = await startSshServer(app.deps, { host: config.sshHost, port: config.sshPort });
  log.info({ host: config.sshHost, port: ssh.port }, 'ssh listening');
  log.info({ url: config.externalUrl, database: config.database.dialect }, 'latchkey is ready');
  const botCleanup = startExpiredBotCleanup(app.deps);
  const registry = config.registry.mode === 'embedded' ? startEmbeddedRegistry(app.deps) : null;
  const registryPurge = config.registry.mode === 'off' ? null : startContainerRepositoryPurge(app.deps);
  const outbox = startOutboxDelivery(app.deps, { webhook: deliverWebhook, email: mailNotConfigured });
  app.deps.outbox = outbox;
  const deliveryPruning = startWebhookDeliveryPruning(app.deps);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await botCleanup.stop();
    await outbox.stop();
    await deliveryPruning.stop();
    await registryPurge?.stop();
    await registry?.stop();
    await ssh.close();
    await app.close();
    log.flush();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** One line for the operator; a port in use names the variables that choose ports. */
function startFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const hint = code === 'EADDRINUSE' || code === 'EACCES' ? ' (see LATCHKEY_HTTP_HOST/PORT and LATCHKEY_SSH_HOST/PORT)' : '';
  return `latchkey: failed to start: ${message.split('\n')[0]}${hint}\n`;
}

main().catch((error: unknown) => {
  process.stderr.write(startFailure(error));
  process.exit(1);
});
