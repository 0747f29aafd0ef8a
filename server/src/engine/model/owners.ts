// Who owns a file: the card's owner entries first (the team's own statement), then
// CODEOWNERS with GitHub's semantics (gitignore-style patterns, the last match wins).
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { OwnerRule } from './facts';
import type { Card } from '../card/card';
import { dirname } from '../text/paths';

export interface Ownership {
  ownerOf(file: string): string | undefined;
  /** The card team a CODEOWNERS handle or team name belongs to. */
  teamOf(owner: string | undefined): string | undefined;
  /** The CODEOWNERS rule that decides a file, for related locations. */
  ruleFor(file: string): OwnerRule | undefined;
  hasCodeowners: boolean;
  /** Whether the team states ownership for this file's repository at all (a CODEOWNERS or card owners over it). */
  governs(file: string): boolean;
}

interface CompiledRule {
  rule: OwnerRule;
  matcher: Ignore;
}

export function buildOwnership(rules: OwnerRule[], card: Card | undefined): Ownership {
  const compiled: CompiledRule[] = [];
  for (const rule of rules) {
    try {
      compiled.push({ rule, matcher: ignore().add(rule.pattern) });
    } catch {
      // A malformed pattern matches nothing, as on GitHub.
    }
  }
  const cardOwners = (card?.owners ?? [])
    .filter((o) => o.path)
    .map((o) => ({
      team: o.team,
      match: picomatch(o.path!.replace(/^\//, ''), { dot: true }),
      dir: o.path!.replace(/^\//, '').replace(/\/?\*\*$/, ''),
    }));
  const cache = new Map<string, OwnerRule | undefined>();
  const ruleFor = (file: string): OwnerRule | undefined => {
    if (cache.has(file)) return cache.get(file);
    let found: OwnerRule | undefined;
    for (let i = compiled.length - 1; i >= 0 && !found; i--) {
      const { base } = compiled[i].rule;
      if (base && !file.startsWith(`${base}/`)) continue;
      if (matches(compiled[i].matcher, base ? file.slice(base.length + 1) : file)) found = compiled[i].rule;
    }
    cache.set(file, found);
    return found;
  };
  const teamOf = (owner: string | undefined): string | undefined => {
    if (!owner) return undefined;
    const lower = owner.toLowerCase();
    const team = card?.teams.find((t) => t.name.toLowerCase() === lower || t.members.some((m) => m.toLowerCase() === lower));
    return team?.name;
  };
  const bases = [...new Set(compiled.map((c) => c.rule.base))];
  const cardScope = card && card.owners.length ? card.scope : undefined;
  return {
    hasCodeowners: compiled.length > 0,
    governs: (file) =>
      bases.some((b) => b === '' || file.startsWith(`${b}/`)) ||
      (cardScope !== undefined && (cardScope === '' || file.startsWith(`${cardScope}/`))),
    ruleFor,
    teamOf,
    ownerOf(file) {
      for (let i = cardOwners.length - 1; i >= 0; i--) {
        const o = cardOwners[i];
        if (o.match(file) || file.startsWith(`${o.dir}/`)) return o.team;
      }
      const rule = ruleFor(file);
      return rule && rule.owners.length ? rule.owners[0] : undefined;
    },
  };
}

function matches(matcher: Ignore, file: string): boolean {
  try {
    return matcher.ignores(file) || (dirname(file) !== '' && matcher.ignores(`${dirname(file)}/`));
  } catch {
    return false;
  }
}
