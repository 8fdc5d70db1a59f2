/**
 * The widget module name and version the kernel names in `_model_module` / `_view_module`.
 *
 * Notes: the version is the npm package version, so a kernel asking for `^0.1.0` finds the
 * views this extension registers.
 */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const pkg = require('../../package.json') as { version: string };

export { WIDGET_MODULE as MODULE_NAME } from '../core/widget-module';
export const MODULE_VERSION: string = pkg.version;
