import type { Rule, RuleContext } from '../rule';
import type { Fix } from '../../model/finding';
import type { FileFacts } from '../../model/facts';
import { escapeSnippet, placeholder } from '../../fixes/snippet';
import { formatInfo } from '../../sources/formats';
import { eol } from '../../fixes/yamlEdit';
import { LineIndex } from '../../text/lineIndex';

/** Only reported once a team states ownership somewhere (CODEOWNERS or the card): then gaps are real. */
export const unowned: Rule = {
  meta: {
    id: 'ownership/unowned',
    category: 'ownership',
    severity: 'warning',
    description: 'A pipeline or config file that no CODEOWNERS pattern, card owner or in-file owner covers.',
    fixable: true,
    sources: [
      'Sculley et al. 2015, "Hidden Technical Debt in Machine Learning Systems" (lack of clear ownership)',
      'Sambasivan et al. 2021, "Data Cascades in High-Stakes AI"',
    ],
  },
  *check(ctx) {
    for (const f of ctx.facts) {
      if (ctx.pauseDue()) yield;
      if (!formatInfo(f.format).contributes.ownable || f.stages.length + f.values.length === 0 || !ctx.ownershipGoverns(f.file)) continue;
      if (ctx.ownerOf(f.file) || f.ownerClaims.length > 0) continue;
      const at = f.stages[0]?.range ?? { file: f.file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
      ctx.report({
        at,
        message: `Nobody owns \`${f.file}\`: no CODEOWNERS pattern or card owner covers it, so its breakages have no one to go to — add an owner.`,
        nodes: f.stages.map((s) => s.id),
        fixes: codeownersFix(ctx, f.file),
      });
    }
  },
};

/**
 * "Add an owner to CODEOWNERS": a last line `/<path> @owner` in the CODEOWNERS that governs
 * the file (the last matching pattern wins, so the new line decides), or a new
 * .github/CODEOWNERS. The owner is a placeholder, defaulting to the handle used most.
 */
function codeownersFix(ctx: RuleContext, file: string): Fix[] {
  const codeowners = governingCodeowners(ctx, file);
  const target = codeowners?.file ?? '.github/CODEOWNERS';
  const base = codeowners ? codeownersBase(codeowners.file) : '';
  const text = ctx.text(target) ?? '';
  const nl = text ? eol(text) : '\n';
  const lead = text === '' || text.endsWith('\n') ? '' : nl;
  const pattern = `/${escapePattern(base ? file.slice(base.length + 1) : file)}`;
  const end = LineIndex.of(text).position(text.length);
  return [
    {
      title: `Add an owner for ${file} to ${target}`,
      edits: [
        {
          file: target,
          range: { start: end, end },
          newText: `${lead}${escapeSnippet(pattern)} ${placeholder(1, likelyOwner(ctx, codeowners))}${nl}`,
        },
      ],
      isPreferred: false,
      snippet: true,
    },
  ];
}

/** The CODEOWNERS whose folder holds the file, the deepest one first. */
function governingCodeowners(ctx: RuleContext, file: string): FileFacts | undefined {
  return ctx.facts
    .filter((f) => f.format === 'codeowners')
    .map((f) => ({ f, base: codeownersBase(f.file) }))
    .filter(({ base }) => base === '' || file.startsWith(`${base}/`))
    .sort((a, b) => b.base.length - a.base.length)[0]?.f;
}

function codeownersBase(file: string): string {
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  return dir.replace(/(^|\/)(\.github|docs)$/, '');
}

/** The handle that owns the most patterns, else a card team's first member, else a placeholder. */
function likelyOwner(ctx: RuleContext, codeowners: FileFacts | undefined): string {
  const counts = new Map<string, number>();
  for (const rule of codeowners?.ownerRules ?? []) for (const o of rule.owners) counts.set(o, (counts.get(o) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  return top ?? ctx.card?.teams.flatMap((t) => t.members).find((m) => m.startsWith('@')) ?? '@org/team';
}

/** CODEOWNERS patterns are gitignore patterns: spaces and wildcard characters are escaped. */
function escapePattern(path: string): string {
  return path.replace(/[\\ *?[\]!#]/g, (c) => `\\${c}`);
}
