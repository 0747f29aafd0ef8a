/** `repo/name:tag` or `repo/name@sha256:…` -> name and version (undefined when neither is given). */
export function splitImage(image: string): { name: string; version?: string } {
  const digest = image.indexOf('@');
  if (digest >= 0) return { name: image.slice(0, digest), version: image.slice(digest + 1) };
  const lastSlash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon > lastSlash) return { name: image.slice(0, colon), version: image.slice(colon + 1) };
  return { name: image };
}

/**
 * An image reference with variables (`gcr.io/$PROJECT_ID/app`, `${REGISTRY}/app:${TAG}`): its
 * name and version when the variables sit only in the registry or path, undefined when the tag,
 * digest or last name segment is a variable (it may carry the tag).
 */
export function imagePin(image: string): { name: string; version?: string } | undefined {
  const pin = splitImage(image);
  const last = pin.name.slice(pin.name.lastIndexOf('/') + 1);
  if (/[$]/.test(pin.version ?? '') || /[${]/.test(last)) return undefined;
  return pin;
}
