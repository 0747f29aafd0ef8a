// SARIF 2.1.0 for code scanning: rule metadata with help URIs, results with related
// locations and fixes, columns in UTF-16 code units as LSP and VS Code count them.
import type * as Sarif from 'sarif';
import type { RuleMeta } from '../../engine/rules/rule';
import type { Finding, Severity } from '../../engine/model/finding';
import { docsUrl } from '../../engine/rules/rule';
import { plainEdits } from '../../engine/fixes/apply';
import { pushTo } from '../../engine/text/collections';
import { coverageNotices, type Coverage } from './coverage';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function formatSarif(findings: Finding[], metas: RuleMeta[], version: string, coverage?: Coverage): string {
  const ruleIndex = new Map(metas.map((m, i) => [m.id, i]));
  const log: Sarif.Log = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            name: 'Loopwise',
            version,
            semanticVersion: version,
            informationUri: 'https://github.com/loopwise/loopwise',
            rules: metas.map(ruleDescriptor),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { uri: 'file:///' } },
        results: findings.map((f) => result(f, ruleIndex)),
        invocations: [invocation(coverage)],
      },
    ],
  };
  delete log.runs[0].originalUriBaseIds;
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** Unread files and links out of the workspace: tool notifications, and counts a CI step can test. */
function invocation(coverage: Coverage | undefined): Sarif.Invocation {
  const notices = coverageNotices(coverage);
  return {
    executionSuccessful: true,
    toolExecutionNotifications: notices.map((text) => ({ level: 'warning', message: { text } })),
    properties: { unreadableFiles: coverage?.unreadable.length ?? 0, symlinksOutsideWorkspace: coverage?.outside.length ?? 0 },
  };
}

function ruleDescriptor(m: RuleMeta): Sarif.ReportingDescriptor {
  return {
    id: m.id,
    name: m.id
      .split('/')[1]
      .replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())
      .replace(/^[a-z]/, (c) => c.toUpperCase()),
    shortDescription: { text: m.description },
    fullDescription: { text: `${m.description}${m.sources.length ? ` Sources: ${m.sources.join('; ')}.` : ''}` },
    helpUri: docsUrl(m.id),
    help: { text: `${m.description} See ${docsUrl(m.id)}` },
    defaultConfiguration: { level: LEVEL[m.severity] },
    properties: { tags: [m.category, 'ml-systems'], fixable: m.fixable },
  };
}

/** A result region is never empty (viewers need something to underline); a fix's deleted region may be. */
function region(range: Finding['range'], allowEmpty = false): Sarif.Region {
  const r: Sarif.Region = {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
  if (!allowEmpty && r.endLine === r.startLine && r.endColumn! <= r.startColumn!) r.endColumn = r.startColumn! + 1;
  return r;
}

function location(file: string, range: Finding['range'], message?: string, id?: number): Sarif.Location {
  const loc: Sarif.Location = {
    physicalLocation: { artifactLocation: { uri: encodeURI(file), uriBaseId: '%SRCROOT%' }, region: region(range) },
  };
  if (id !== undefined) loc.id = id;
  if (message) loc.message = { text: message };
  return loc;
}

function result(f: Finding, ruleIndex: Map<string, number>): Sarif.Result {
  const r: Sarif.Result = {
    ruleId: f.ruleId,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [location(f.file, f.range)],
    partialFingerprints: { loopwiseFinding: fingerprint(f) },
  };
  const index = ruleIndex.get(f.ruleId);
  if (index !== undefined) r.ruleIndex = index;
  if (f.related.length) r.relatedLocations = f.related.map((rel, i) => location(rel.file, rel.range, rel.message, i + 1));
  if (f.fixes?.length) {
    r.fixes = f.fixes.map((fix) => ({
      description: { text: fix.title },
      artifactChanges: groupByFile(plainEdits(fix)).map(([file, edits]) => ({
        artifactLocation: { uri: encodeURI(file), uriBaseId: '%SRCROOT%' },
        replacements: edits.map((e) => ({ deletedRegion: region(e.range, true), insertedContent: { text: e.newText } })),
      })),
    }));
  }
  return r;
}

function groupByFile<T extends { file: string }>(edits: T[]): Array<[string, T[]]> {
  const map = new Map<string, T[]>();
  for (const e of edits) pushTo(map, e.file, e);
  return [...map];
}

/** Stable across line moves: rule, file and message, not position. */
function fingerprint(f: Finding): string {
  let h = 2166136261;
  for (const ch of `${f.ruleId}|${f.file}|${f.message}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h.toString(16).padStart(8, '0');
}
