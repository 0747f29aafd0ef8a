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

// Settings that name a container image by convention: `BASE_IMAGE`, `SERVING_CONTAINER_IMAGE_URI`, `TFX_IMAGE_NAME`.
const IMAGE_SETTING = /(^|_)IMAGE(_URI|_NAME|_REF)?$/i;

/**
 * The image a setting names (`BASE_IMAGE: nvcr.io/nvidia/nemo:nightly`), only when its key says
 * it is an image and it states a tag or digest: a name with no tag is often a repository that
 * the pipeline tags later (`$IMAGE:$CI_PIPELINE_ID`), so it says nothing about pinning.
 */
export function imageInSetting(key: string, value: string): { name: string; version: string } | undefined {
  if (!IMAGE_SETTING.test(key) || /\s/.test(value.trim()) || !value.includes('/')) return undefined;
  const pin = imagePin(value.trim());
  return pin?.version && !pin.version.includes('$') ? { name: pin.name, version: pin.version } : undefined;
}
