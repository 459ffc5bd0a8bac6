import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const INFRA = path.join(ROOT, 'infra');

/** What infra may load from the rest of the repo: shared contracts, the workflow definition, data. */
const ALLOWED_REPO_PATHS = [/^infra\//, /^functions\/contracts\//, /^workflows\//, /^config\/[^/]+\.json$/];
const ALLOWED_PACKAGES = [/^node:/, /^aws-cdk-lib(\/|$)/, /^constructs$/, /^cdk-nag$/];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const patterns = [
    /\bfrom\s+['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]/g,
    /\brequire\(\s*['"]([^'"]+)['"]/g,
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1] as string));
}

test('infra imports only contracts, workflows and config data from the rest of the repo (no function adapters)', () => {
  const outside: string[] = [];
  for (const file of sourceFiles(INFRA)) {
    for (const specifier of importsOf(file)) {
      if (!specifier.startsWith('.')) {
        if (!ALLOWED_PACKAGES.some((p) => p.test(specifier))) outside.push(`${specifier} (package)`);
        continue;
      }
      const target = path
        .relative(ROOT, path.resolve(path.dirname(file), specifier))
        .split(path.sep)
        .join('/');
      if (!ALLOWED_REPO_PATHS.some((p) => p.test(target))) outside.push(target);
    }
  }
  expect([...new Set(outside)].sort()).toEqual([]);
});
