#!/usr/bin/env python3
"""Write a self-signed TLS certificate and key for 127.0.0.1 / localhost.

    make_cert.py CERT.pem KEY.pem [--days N]

The certificate is a plain server (end-entity) certificate that is its own
issuer: clients either skip verification or add CERT.pem itself as the only
trusted root. Subject alternative names: localhost, 127.0.0.1 and ::1.
The key is an unencrypted PKCS#8 ECDSA P-256 key (rustls, OpenSSL and node
all accept it).
"""
import argparse
import datetime
import ipaddress
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def make_cert(cert_path, key_path, days=365):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, 'localhost'),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, 'Switchboard test'),
    ])
    # Backdate a little so clock skew between processes never matters.
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.SubjectAlternativeName([
            x509.DNSName('localhost'),
            x509.IPAddress(ipaddress.ip_address('127.0.0.1')),
            x509.IPAddress(ipaddress.ip_address('::1')),
        ]), critical=False)
        # Not a CA: webpki/rustls refuse a CA certificate as a server cert.
        .add_extension(x509.BasicConstraints(ca=False, path_length=None),
                       critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, key_encipherment=False,
            content_commitment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                       critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .sign(key, hashes.SHA256())
    )

    for path in (cert_path, key_path):
        parent = os.path.dirname(os.path.abspath(path))
        os.makedirs(parent, exist_ok=True)
    with open(cert_path, 'wb') as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    # The key file is private to the user who made it.
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, 'wb') as f:
        f.write(key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('cert', help='where to write the PEM certificate')
    p.add_argument('key', help='where to write the PEM private key')
    p.add_argument('--days', type=int, default=365)
    args = p.parse_args(argv)
    make_cert(args.cert, args.key, args.days)


if __name__ == '__main__':
    main()
