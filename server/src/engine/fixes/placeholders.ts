// The texts fixes leave for the author to fill in, in one place: the fixes insert them as snippet
// placeholders, and the rules read them back as "not written yet", so that accepting a fix
// without filling it in never makes a finding go away.

/** The version a pin fix leaves when the workspace names no fixed version for the reference. */
export const VERSION_PLACEHOLDER = 'TODO-version';

export const PLACEHOLDER = {
  version: VERSION_PLACEHOLDER,
  team: 'TODO-team',
  loopMonitor: 'what watches this loop',
  loopBrake: 'what keeps this loop from running away',
  externalSource: 'where it comes from',
  thresholdRationale: 'why this value and what it trades off',
  thresholdComment: 'Why this value: what it trades off, who agreed it, when to revisit',
  secretName: 'secret',
  ignoreReason: 'reason',
} as const;

const EXACT = new Set<string>(Object.values(PLACEHOLDER).map((t) => t.toLowerCase()));

/**
 * Whether a text the author was meant to write is still missing: empty, a placeholder a fix
 * inserted, or a to-do marker (`TODO`, `TBD`, `FIXME`, `XXX`, `<...>`).
 */
export function isPlaceholderText(text: string | undefined | null): boolean {
  const t = (text ?? '').trim();
  if (t === '') return true;
  if (EXACT.has(t.toLowerCase())) return true;
  return /^(todo|tbd|fixme|xxx)\b/i.test(t) || /^<[^<>]*>$/.test(t) || /^\?+$/.test(t);
}

/** Whether a version written in a reference is the pin fix's placeholder (or a to-do marker). */
export function isPlaceholderVersion(version: string | undefined): boolean {
  const v = (version ?? '').trim().replace(/^(===|==|~=)/, '');
  return v !== '' && isPlaceholderText(v);
}
