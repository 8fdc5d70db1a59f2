/**
 * The JupyterLab releases tslit supports, stated once for `tslit install` (kernel side) and
 * the labextension's activate (browser side). pyproject.toml states the same range as the
 * wheel's dependencies, and CI installs the oldest and the newest release of it
 * (python/requirements-install-{oldest,newest}.txt, scripts/install-check.mjs);
 * test/install/version.test.ts holds the three together.
 *
 * Why 4.4.0: the labextension shares `@lumino/datagrid` ^2.5 and `@lumino/widgets` ^2.3.1 with
 * JupyterLab (singletons, not bundled); 4.4.0 is the first release whose own copies satisfy
 * both.
 */
export const SUPPORTED_JUPYTERLAB = { oldest: '4.4.0', below: '5.0.0' } as const;
/** The oldest `jupyterlab_widgets` (the ipywidgets manager for JupyterLab) CI runs with. */
export const OLDEST_JUPYTERLAB_WIDGETS = '3.0.14';

/** The leading `major.minor.patch` of a version string (`4.6.0rc1`, `4.6.0-beta.0` → [4, 6, 0]); undefined when there is none. */
export function versionNumbers(version: string): [number, number, number] | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : undefined;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** `>=4.4.0,<5` as pip writes a range. */
export function supportedJupyterLabRange(): string {
  return `>=${SUPPORTED_JUPYTERLAB.oldest},<${SUPPORTED_JUPYTERLAB.below.split('.')[0]}`;
}

/**
 * Why JupyterLab `version` cannot host tslit, with what to do; undefined when it is supported.
 * `where` names the installation (a prefix, or "this JupyterLab").
 */
export function jupyterLabProblem(version: string, where: string): string | undefined {
  const v = versionNumbers(version);
  const oldest = versionNumbers(SUPPORTED_JUPYTERLAB.oldest)!;
  const below = versionNumbers(SUPPORTED_JUPYTERLAB.below)!;
  if (v && compare(v, oldest) >= 0 && compare(v, below) < 0) return undefined;
  return (
    `JupyterLab ${version} (${where}) is outside the range tslit supports (jupyterlab${supportedJupyterLabRange()}). ` +
    `Install a supported one in that environment: pip install "jupyterlab${supportedJupyterLabRange()}", then restart JupyterLab.`
  );
}

/** What to do when the ipywidgets manager for JupyterLab is missing. */
export function missingWidgetsMessage(where: string): string {
  return (
    `jupyterlab_widgets is not installed (${where}): without it no tslit widget can render (outputs stay "Loading widget…"). ` +
    `Install it in the environment that runs JupyterLab: pip install "jupyterlab_widgets>=${OLDEST_JUPYTERLAB_WIDGETS},<4" (the tslit wheel depends on it), then restart JupyterLab.`
  );
}
