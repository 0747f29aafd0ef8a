// What was read, as which format: `loopwise files` and the graph JSON's `sources` section.
// Silence must never look like success, so files read as nothing are counted too.
import type { FileFacts, Format } from '../model/facts';
import { formatInfo, isLockFile, isProjectMarker } from './formats';

export interface SourceEntry {
  file: string;
  format: Format;
  /** What users call the format (`Airflow`, `DVC params`). */
  name: string;
  stages: number;
  reads: number;
  writes: number;
  values: number;
  /** CODEOWNERS rules and owners stated in the file. */
  owners: number;
  /** Loopwise's notices about the file: syntax errors, templates, parts not read, skips. */
  notices: number;
}

export interface SourcesSummary {
  read: SourceEntry[];
  /** Lock files and project markers: read for versions and project roots, not parsed into facts. */
  support: string[];
  /** Candidate files (YAML, Python) that no format recognised. */
  unrecognised: string[];
}

export function summariseSources(facts: readonly FileFacts[], paths: readonly string[]): SourcesSummary {
  const read = facts
    .map((f): SourceEntry => ({
      file: f.file,
      format: f.format,
      name: f.format === 'other' ? 'not read' : formatInfo(f.format).displayName,
      stages: f.stages.length,
      reads: f.io.filter((io) => io.direction === 'reads').length,
      writes: f.io.filter((io) => io.direction === 'writes').length,
      values: f.values.length,
      owners: f.ownerRules.length + f.ownerClaims.length,
      notices: f.problems.length,
    }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const withFacts = new Set(facts.map((f) => f.file));
  const rest = paths.filter((p) => !withFacts.has(p)).sort();
  const isSupport = (p: string) => isLockFile(p.slice(p.lastIndexOf('/') + 1)) || isProjectMarker(p);
  return { read, support: rest.filter(isSupport), unrecognised: rest.filter((p) => !isSupport(p)) };
}

/** Files per format name, most first. */
export function countByFormat(summary: SourcesSummary): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const e of summary.read) counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
