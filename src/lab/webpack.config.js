/**
 * Extra webpack config for `build-labextension` (merged by @jupyterlab/builder).
 *
 * Why: the builder always exposes and shares the package's `main` (lib/index.js, the
 * kernel-side entry with tfjs, tslab and zeromq). The browser bundle must contain only the
 * lab extension, so that one file is aliased to the plugin. Nothing else is touched.
 */
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const kernelEntry = path.join(root, 'lib', 'index.js');
const plugin = path.join(root, 'lib', 'lab', 'plugin.js');

module.exports = {
  resolve: {
    alias: { [`${kernelEntry}$`]: plugin },
  },
};
