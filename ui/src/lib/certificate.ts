// A server certificate the system does not trust, waiting for the person's decision:
// its SHA-256 fingerprint, and whether it replaces one accepted before. Accepting it
// trusts that one certificate for that one server (the profile's `trusted_cert_sha256`);
// verification stays on for everything else.
import type { Profile } from '../bindings/Profile';

export interface CertOffer {
  sha256: string;
  /** It differs from the certificate accepted before for this server. */
  changed: boolean;
}

/** The profile with `sha256` as its one accepted certificate (nothing else changes). */
export function trustCertificate(profile: Profile, sha256: string): Profile {
  return { ...profile, options: { ...profile.options, trusted_cert_sha256: sha256 } };
}

/** A fingerprint as pairs of hex digits, "AB:CD:…" (how the backend sends it), for reading aloud. */
export function fingerprintText(sha256: string): string {
  const hex = sha256.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  if (hex.length === 0 || hex.length % 2 !== 0) return sha256;
  return hex.match(/../g)?.join(':') ?? sha256;
}
