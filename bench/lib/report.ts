import type { Summary } from './stats.ts';

export interface ResultRow {
  benchmark: string;
  subject: string;
  metric: string;
  /** Higher is better (throughput) or lower is better (time, memory). */
  better: 'higher' | 'lower';
  summary: Summary;
  /** The subject this one is compared with, in the same run. */
  reference?: { subject: string; median: number };
  extra?: Record<string, number | string>;
  target?: { description: string; met: boolean };
}

/** subject / reference, oriented so that 1.0 means "as good as the reference". */
export function ratio(row: ResultRow): number | null {
  if (!row.reference || row.reference.median === 0) return null;
  return row.summary.median / row.reference.median;
}

const fmt = (n: number): string => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));

export function markdownTable(rows: ResultRow[]): string {
  const lines = [
    '| benchmark | subject | metric | median | min–max | reference | ratio | target |',
    '| --- | --- | --- | ---: | ---: | --- | ---: | --- |',
  ];
  for (const row of rows) {
    const r = ratio(row);
    const extra = row.extra ? ` (${Object.entries(row.extra).map(([k, v]) => `${k} ${typeof v === 'number' ? fmt(v) : v}`).join(', ')})` : '';
    lines.push(
      `| ${row.benchmark} | ${row.subject} | ${row.metric}${extra} | ${fmt(row.summary.median)} | ${fmt(row.summary.min)}–${fmt(row.summary.max)} | ${row.reference?.subject ?? ''} | ${r === null ? '' : `${r.toFixed(2)}×`} | ${row.target ? `${row.target.description} ${row.target.met ? '✅' : '❌'}` : ''} |`,
    );
  }
  return lines.join('\n');
}
