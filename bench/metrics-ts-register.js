// Lets `node -r ./bench/metrics-ts-register.js bench/metrics-slice.ts` run TypeScript
// directly: each .ts file is transpiled (no type check) with the repo's TypeScript.
const fs = require('fs');
const ts = require('typescript');

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021, esModuleInterop: true },
    fileName: filename,
  });
  module._compile(outputText, filename);
};
