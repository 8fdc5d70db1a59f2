/**
 * What `tslit install` checks in the Python environment it registers the kernel for, before
 * writing anything: a JupyterLab outside the supported range and a missing
 * `jupyterlab_widgets` are refused with what to do (`--force` installs anyway); a missing tslit
 * labextension or one of another version is a warning.
 *
 * Notes: the environment is known only when a Python is: `--python`/`--sys-prefix`, or
 * `<prefix>/bin/python` for `--prefix`. Without JupyterLab there (nbclient or papermill only)
 * nothing is checked: widgets are then never rendered live.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { jupyterLabProblem, missingWidgetsMessage } from '../core/jupyterlab-support';

export interface EnvironmentVersions {
  jupyterlab: string | null;
  jupyterlab_widgets: string | null;
}

const PROBE = `
import json
from importlib import metadata
def version(name):
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None
print(json.dumps({"jupyterlab": version("jupyterlab"), "jupyterlab_widgets": version("jupyterlab_widgets")}))
`;

/** Versions of JupyterLab and jupyterlab_widgets installed for `python`. */
export function environmentVersions(python: string): EnvironmentVersions {
  try {
    return JSON.parse(execFileSync(python, ['-c', PROBE], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as EnvironmentVersions;
  } catch (e) {
    throw new Error(`cannot run ${python} to check its JupyterLab: ${(e as Error).message}`);
  }
}

/** The Python of a `--prefix` environment, if it has one. */
export function prefixPython(prefix: string): string | undefined {
  const candidates = process.platform === 'win32' ? [path.join(prefix, 'python.exe'), path.join(prefix, 'Scripts', 'python.exe')] : [path.join(prefix, 'bin', 'python'), path.join(prefix, 'bin', 'python3')];
  return candidates.find((p) => fs.existsSync(p));
}

export interface InstallFindings {
  /** Reasons to refuse, each saying what to do. */
  errors: string[];
  warnings: string[];
}

/** What is wrong with the environment at `prefix` (whose Python reported `versions`) for tslit version `tslitVersion`. */
export function checkEnvironment(prefix: string, versions: EnvironmentVersions, tslitVersion: string): InstallFindings {
  const findings: InstallFindings = { errors: [], warnings: [] };
  if (versions.jupyterlab === null) return findings;
  const where = `in ${prefix}`;
  const labProblem = jupyterLabProblem(versions.jupyterlab, where);
  if (labProblem) findings.errors.push(labProblem);
  if (versions.jupyterlab_widgets === null) findings.errors.push(missingWidgetsMessage(where));
  const extension = path.join(prefix, 'share', 'jupyter', 'labextensions', 'tslit', 'package.json');
  if (!fs.existsSync(extension)) {
    findings.warnings.push(`the tslit JupyterLab extension is not installed ${where}: widgets will not render. Install the tslit wheel there (pip install tslit-${tslitVersion}-py3-none-any.whl).`);
  } else {
    const version = (JSON.parse(fs.readFileSync(extension, 'utf8')) as { version?: string }).version;
    if (version !== tslitVersion) findings.warnings.push(`the tslit JupyterLab extension ${where} is version ${version}, the kernel ${tslitVersion}: install the wheel of the same version (pip install tslit-${tslitVersion}-py3-none-any.whl).`);
  }
  return findings;
}
