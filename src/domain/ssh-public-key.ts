import { createHash } from 'node:crypto';

/** An OpenSSH public key line (`<type> <base64> [comment]`), checked and fingerprinted. */
export interface SshPublicKey {
  type: string;
  /** The wire-format key blob the base64 encodes. */
  blob: Buffer;
  /** `<type> <base64>`: the comment dropped. */
  normalized: string;
  /** `SHA256:<base64 without padding>`, as ssh-keygen -l prints it. */
  fingerprint: string;
}

const ECDSA_POINT_LENGTH: Record<string, number> = { nistp256: 65, nistp384: 97, nistp521: 133 };
export const SSH_KEY_TYPES = ['ssh-ed25519', 'ssh-rsa', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521'] as const;

/** The length-prefixed strings of an SSH wire blob, or null when it does not split cleanly. */
function splitBlob(blob: Buffer): Buffer[] | null {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < blob.length) {
    if (offset + 4 > blob.length) return null;
    const length = blob.readUInt32BE(offset);
    offset += 4;
    if (length > blob.length - offset) return null;
    parts.push(blob.subarray(offset, offset + length));
    offset += length;
  }
  return parts;
}

function mpintBits(value: Buffer): number {
  let start = 0;
  while (start < value.length && value[start] === 0) start++;
  if (start === value.length) return 0;
  return (value.length - start - 1) * 8 + (32 - Math.clz32(value[start]!));
}

function validBody(type: string, parts: Buffer[]): boolean {
  if (parts[0]?.toString('latin1') !== type) return false;
  if (type === 'ssh-ed25519') return parts.length === 2 && parts[1]!.length === 32;
  if (type === 'ssh-rsa') return parts.length === 3 && mpintBits(parts[1]!) >= 2 && mpintBits(parts[2]!) >= 1024;
  const curve = type.slice('ecdsa-sha2-'.length);
  return (
    parts.length === 3 &&
    parts[1]!.toString('latin1') === curve &&
    parts[2]!.length === ECDSA_POINT_LENGTH[curve] &&
    parts[2]![0] === 0x04
  );
}

export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Null for anything that is not one well-formed public key of a supported type. */
export function parseSshPublicKey(text: string): SshPublicKey | null {
  if (text.length > 16_384) return null;
  const line = text.trim();
  if (line.includes('\n') || line.includes('\r')) return null;
  const match = /^(\S+) ([A-Za-z0-9+/]+={0,2})(?: .*)?$/.exec(line);
  if (!match) return null;
  const [, type, base64] = match as unknown as [string, string, string];
  if (!(SSH_KEY_TYPES as readonly string[]).includes(type)) return null;
  const blob = Buffer.from(base64, 'base64');
  if (blob.toString('base64') !== base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')) return null;
  const parts = splitBlob(blob);
  if (!parts || !validBody(type, parts)) return null;
  return { type, blob, normalized: `${type} ${blob.toString('base64')}`, fingerprint: fingerprintOf(blob) };
}
