import { readFileSync } from 'node:fs';

/** CPU time a process has used so far (user + system, /proc/<pid>/stat), in ms; null when /proc does not tell. */
export function processCpuMs(pid: number): number | null {
  try {
    // The fields after the command name (which may hold spaces), utime and stime in clock ticks (100 Hz).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
