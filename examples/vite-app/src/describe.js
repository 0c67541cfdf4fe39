// A second module, so that the build has an import to bundle.
export function describe(answer) {
  return `invoke('greet') answered "${answer}" on ${location.origin}`;
}
