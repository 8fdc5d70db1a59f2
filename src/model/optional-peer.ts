/**
 * Packages tslit uses only for some models (onnxruntime-node for ONNX files,
 * @huggingface/transformers for transformers.js folders): optional peer dependencies, so a
 * person who brings a tfjs model does not download a native runtime (onnxruntime-node's install
 * script also fetches GPU binaries from NuGet, which fails where that host is unreachable).
 *
 * Notes: required on first use, not when tslit is imported. When missing, the error names the
 * package, the version tslit is tested with and the npm command that adds it.
 */
/** The versions tslit's tests run with (package.json peerDependencies). */
export const OPTIONAL_PEERS = {
  'onnxruntime-node': '1.30.0',
  '@huggingface/transformers': '4.3.1',
} as const;

export type OptionalPeer = keyof typeof OPTIONAL_PEERS;

function isMissing(e: unknown, name: string): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === 'MODULE_NOT_FOUND' && typeof err.message === 'string' && err.message.includes(`'${name}'`);
}

/**
 * Runs `load` (a `require` of `name` written out, so the architecture test can check what is
 * imported), or throws an error saying how to install `name` for `purpose`. A peer installed
 * in the person's project sits in a node_modules folder above tslit's, where require finds it.
 */
export function requireOptionalPeer<T>(name: OptionalPeer, purpose: string, load: () => unknown): T {
  try {
    return load() as T;
  } catch (e) {
    if (!isMissing(e, name)) throw e;
    throw new Error(`${purpose} needs the package ${name}, which tslit does not install by itself: run \`npm install ${name}@${OPTIONAL_PEERS[name]}\` in your project folder, then restart the kernel.`);
  }
}
