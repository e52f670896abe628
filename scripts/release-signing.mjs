#!/usr/bin/env node
// The release workflow's signing set-up (.github/workflows/release.yml; docs/RELEASING.md).
//
//   node scripts/release-signing.mjs CONFIG_OUT
//
// Reads the signing secrets from the environment and
// - passes on to the next steps ($GITHUB_ENV) only those that are set, in whole groups:
//   GitHub gives an unset secret as an empty string, and Tauri's bundler takes a variable
//   that is set but empty as "sign with this" (an empty APPLE_CERTIFICATE fails the macOS
//   build in `security import`), so an empty one must not reach it at all;
// - writes CONFIG_OUT, a Tauri config that the build merges over tauri.conf.json
//   (`tauri build --config CONFIG_OUT`): without the updater key it turns the updater
//   artifacts off (with them on, a build without the key fails), and with a Windows
//   certificate (imported by the step before, which sets WINDOWS_CERTIFICATE_THUMBPRINT)
//   it tells the bundler to sign with it;
// - says in the log what will be signed and what will not.
// A group that is only partly set is left out with a warning, so the build still succeeds.
import fs from 'node:fs';

const out = process.argv[2];
if (!out) {
  console.error('usage: node scripts/release-signing.mjs CONFIG_OUT');
  process.exit(2);
}

const env = process.env;
const set = (name) => typeof env[name] === 'string' && env[name] !== '';
const exported = {};
const notes = [];
const warn = (text) => console.log(`::warning::${text}`);

// A group of variables goes on whole or not at all.
function group(label, required, optional = []) {
  const have = required.filter(set);
  if (have.length === 0) {
    notes.push(`${label}: no (${required.join(', ')} not set)`);
    return false;
  }
  if (have.length < required.length) {
    const missing = required.filter((n) => !set(n));
    warn(`${label}: ${missing.join(', ')} not set, so ${have.join(', ')} ${have.length === 1 ? 'is' : 'are'} left out`);
    notes.push(`${label}: no (incomplete)`);
    return false;
  }
  for (const name of [...required, ...optional.filter(set)]) exported[name] = env[name];
  notes.push(`${label}: yes`);
  return true;
}

const overlay = { bundle: {} };
const os = env.RUNNER_OS || { darwin: 'macOS', win32: 'Windows', linux: 'Linux' }[process.platform];

// The updater's signatures (the .sig files beside the installers, and latest.json).
const updater = group('updater signatures (latest.json)', ['TAURI_SIGNING_PRIVATE_KEY']);
if (updater) {
  // Without the variable the bundler asks for the password on a terminal; a key made
  // without a password has the empty one, so pass it on even when it is empty.
  exported.TAURI_SIGNING_PRIVATE_KEY_PASSWORD = env.TAURI_SIGNING_PRIVATE_KEY_PASSWORD || '';
} else {
  overlay.bundle.createUpdaterArtifacts = false;
}

if (os === 'macOS') {
  const signed = group('macOS code signing', ['APPLE_CERTIFICATE', 'APPLE_CERTIFICATE_PASSWORD'], [
    'APPLE_SIGNING_IDENTITY',
  ]);
  if (signed) {
    group('macOS notarization', ['APPLE_ID', 'APPLE_PASSWORD', 'APPLE_TEAM_ID']);
  } else if (['APPLE_ID', 'APPLE_PASSWORD', 'APPLE_TEAM_ID'].some(set)) {
    warn('macOS notarization: an app must be signed to be notarized; APPLE_CERTIFICATE is needed too');
    notes.push('macOS notarization: no (not signed)');
  } else {
    notes.push('macOS notarization: no');
  }
}

if (os === 'Windows') {
  if (set('WINDOWS_CERTIFICATE_THUMBPRINT')) {
    overlay.bundle.windows = {
      certificateThumbprint: env.WINDOWS_CERTIFICATE_THUMBPRINT,
      digestAlgorithm: 'sha256',
      timestampUrl: env.WINDOWS_TIMESTAMP_URL || 'http://timestamp.digicert.com',
    };
    notes.push('Windows code signing: yes');
  } else {
    notes.push('Windows code signing: no (WINDOWS_CERTIFICATE not set)');
  }
}

if (env.GITHUB_ENV) {
  // The multi-line form, for the base64 certificate and the key; the delimiter is random
  // so that no value can end it early.
  const lines = [];
  for (const [name, value] of Object.entries(exported)) {
    const delimiter = `EOF_${Math.random().toString(36).slice(2)}${Date.now()}`;
    lines.push(`${name}<<${delimiter}`, value, delimiter);
  }
  if (lines.length) fs.appendFileSync(env.GITHUB_ENV, `${lines.join('\n')}\n`);
} else if (Object.keys(exported).length) {
  console.log('(GITHUB_ENV is not set: nothing is passed on)');
}

fs.writeFileSync(out, `${JSON.stringify(overlay, null, 2)}\n`);
console.log(`signing on ${os}:`);
for (const note of notes) console.log(`  ${note}`);
console.log(`Tauri config merged over tauri.conf.json (${out}):\n${JSON.stringify(overlay)}`);
