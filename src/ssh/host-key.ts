import ssh2 from 'ssh2';
import { readOrCreateSecretFile } from '../instance-files.ts';

export const HOST_KEY_FILE = 'ssh_host_ed25519_key';

/** The server's ed25519 host key: generated once into the data dir (mode 0600), then reused. */
export function readOrCreateHostKey(dataDir: string): string {
  return `${readOrCreateSecretFile(dataDir, HOST_KEY_FILE, () => ssh2.utils.generateKeyPairSync('ed25519').private.trim())}\n`;
}
