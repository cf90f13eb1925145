import ssh2 from 'ssh2';
import { readOrCreateSecretFile } from '../instance-files.ts';

export const HOST_KEY_FILE = 'ssh_host_ed25519_key';

/**
 * A new ed25519 key in OpenSSH format. ssh2 (1.17) writes a malformed key when the public key
 * starts with a zero byte (about 1 in 256): such a key is never handed out.
 */
export function generateHostKey(): string {
  for (let attempt = 0; attempt < 32; attempt++) {
    const key = ssh2.utils.generateKeyPairSync('ed25519').private.trim();
    if (!(ssh2.utils.parseKey(key) instanceof Error)) return key;
  }
  throw new Error('could not generate an SSH host key');
}

/** The server's ed25519 host key: generated once into the data dir (mode 0600), then reused. */
export function readOrCreateHostKey(dataDir: string): string {
  return `${readOrCreateSecretFile(dataDir, HOST_KEY_FILE, generateHostKey)}\n`;
}
