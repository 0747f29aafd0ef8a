// A registry access as facts: the stage reads or writes the registry stock, and a read carries
// the version it pins (or the pointer it follows) for config/unpinned-version.
import type { FileFacts, IO, SourceRef, VersionPin } from '../../model/facts';
import { registryArtifact, registryPin, type RegistryAccess } from './stock';

export function registryFacts(stage: string, access: RegistryAccess, range: SourceRef): { io: IO; pin?: VersionPin } {
  const artifact = { ...registryArtifact(access), pointer: access.pointer, promotes: access.promotes };
  return { io: { stage, direction: access.direction, artifact, range }, pin: registryPin(access, range, stage) };
}

export function addRegistryAccess(facts: FileFacts, stage: string, access: RegistryAccess, range: SourceRef): void {
  const { io, pin } = registryFacts(stage, access, range);
  facts.io.push(io);
  if (pin) facts.versions.push(pin);
}
