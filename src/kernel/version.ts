/** The tslit package version, read once from package.json (two levels above src/ and lib/). */
import * as fs from 'fs';
import * as path from 'path';

let cached: string | undefined;

export function packageVersion(): string {
  if (cached === undefined) {
    const file = path.join(__dirname, '..', '..', 'package.json');
    cached = (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return cached;
}
