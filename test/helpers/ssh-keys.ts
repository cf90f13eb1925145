import ssh2 from 'ssh2';

/**
 * A new ed25519 key pair in OpenSSH format that is always well formed. ssh2 (1.17) writes a
 * malformed pair when the public key starts with a zero byte (about 1 in 256: the public blob is
 * 31 bytes), which Latchkey rightly refuses as `key is invalid`; src/ssh/host-key.ts skips such
 * pairs the same way. Tests that add a key use this, so they never fail on that quirk.
 */
export function ed25519KeyPair(): { private: string; public: string } {
  for (let attempt = 0; attempt < 32; attempt++) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519');
    if (!(ssh2.utils.parseKey(pair.private) instanceof Error)) return pair;
  }
  throw new Error('could not generate an ed25519 key pair');
}
