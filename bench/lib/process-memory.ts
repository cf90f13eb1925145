import { readFileSync } from 'node:fs';

/** One `/proc/<pid>/status` field given in kB (VmHWM, VmRSS), in MB; null when /proc does not tell. */
function statusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Peak resident set size of a process (VmHWM), in MB; null when /proc does not tell. */
export const peakRssMb = (pid: number): number | null => statusMb(pid, 'VmHWM');

/** Current resident set size of a process (VmRSS), in MB; null when /proc does not tell. */
export const currentRssMb = (pid: number): number | null => statusMb(pid, 'VmRSS');
