/** `repo/name:tag` or `repo/name@sha256:…` -> name and version (undefined when neither is given). */
export function splitImage(image: string): { name: string; version?: string } {
  const digest = image.indexOf('@');
  if (digest >= 0) return { name: image.slice(0, digest), version: image.slice(digest + 1) };
  const lastSlash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon > lastSlash) return { name: image.slice(0, colon), version: image.slice(colon + 1) };
  return { name: image };
}
