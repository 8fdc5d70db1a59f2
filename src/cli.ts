/**
 * The `tslit` command: `tslit install [--user | --sys-prefix | --prefix DIR] [--python PY]
 * [--interrupt-mode signal|message] [--force]`, `tslit kernel CONNECTION_FILE`, `tslit export NOTEBOOK --out DIR`,
 * `tslit pictures NOTEBOOK` (src/export) and `tslit convert MODEL OUT_DIR` (src/model/convert).
 */
import { readConnectionFile } from './kernel/connection';
import { InstallOptions, installKernelSpec } from './kernel/kernelspec';

const USAGE = `usage:
  tslit install [--user | --sys-prefix | --prefix DIR] [--python PATH] [--interrupt-mode signal|message] [--force]
  tslit kernel CONNECTION_FILE
  tslit export NOTEBOOK.ipynb --out DIR [--format png|svg]
  tslit pictures NOTEBOOK.ipynb [--out FILE]
  tslit convert MODEL.keras|MODEL.h5|SAVEDMODEL_DIR OUT_DIR [--python PATH] [--tslit-json FILE]`;

/** Parses `install` options; throws with the usage on anything unknown. */
export function parseInstallArgs(args: readonly string[]): InstallOptions {
  const options: InstallOptions = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--user':
        options.user = true;
        break;
      case '--sys-prefix':
        options.sysPrefix = true;
        break;
      case '--prefix':
        options.prefix = value();
        break;
      case '--python':
        options.python = value();
        break;
      case '--force':
        options.force = true;
        break;
      case '--interrupt-mode': {
        const mode = value();
        if (mode !== 'signal' && mode !== 'message') throw new Error(`--interrupt-mode must be signal or message, got ${mode}`);
        options.interruptMode = mode;
        break;
      }
      default:
        throw new Error(`unknown option ${arg}\n${USAGE}`);
    }
  }
  return options;
}

export async function main(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'install') {
    const dir = installKernelSpec(parseInstallArgs(rest));
    process.stdout.write(`Installed the tslit kernelspec in ${dir}\n`);
  } else if (command === 'kernel' && rest.length === 1) {
    // Loaded here so that `tslit install` does not pay for TypeScript and zeromq.
    const { Kernel } = await import('./kernel/kernel');
    await new Kernel(readConnectionFile(rest[0]), process.cwd()).start();
  } else if (command === 'export') {
    // The headless plot export (src/export) drives Jupyter and Chromium; loaded only when asked for.
    const { exportCommand } = await import('./export');
    await exportCommand(rest);
  } else if (command === 'pictures') {
    const { picturesCommand } = await import('./export/notebook-pictures');
    picturesCommand(rest);
  } else if (command === 'convert') {
    // tensorflowjs's converter in .venv-convert, then Keras 3 output checked to load (src/model/convert).
    const { convertCommand } = await import('./model/convert/convert-command');
    await convertCommand(rest);
  } else {
    throw new Error(USAGE);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: Error) => {
    process.stderr.write(`tslit: ${e.message}\n`);
    process.exit(1);
  });
}
