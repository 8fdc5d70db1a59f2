#!/usr/bin/env node
// The `tslit` command; the implementation is compiled to lib/cli.js.
require('../lib/cli.js')
  .main(process.argv.slice(2))
  .catch((e) => {
    process.stderr.write(`tslit: ${e.message}\n`);
    process.exit(1);
  });
