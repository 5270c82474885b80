"""A certificate authority made for one capture, so the recording proxy can read HTTPS as the page received it.

The authority's key lives only in the worker's memory and dies with it; only that worker's browser engine is
told to accept certificates it signed (by matching the chain's root, see the worker). The proxy itself checks
every origin's real certificate against the system's trust store before anything is forwarded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import ssl
import tempfile
import threading
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


class CaptureAuthority:
    """A throwaway CA and one leaf key; a server-side TLS context per host, made on first use."""

    def __init__(self, workdir: Path) -> None:
        self._dir = Path(tempfile.mkdtemp(prefix="tls-", dir=workdir))
        self._key = ec.generate_private_key(ec.SECP256R1())
        self._leaf_key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "CaseFile capture (this capture only)")])
        now = dt.datetime.now(dt.timezone.utc)
        self.cert = (
            x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(self._key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, encipher_only=False,
                                         decipher_only=False), critical=True)
            .sign(self._key, hashes.SHA256())
        )
        self.der = self.cert.public_bytes(serialization.Encoding.DER)
        self._contexts: dict[str, ssl.SSLContext] = {}
        self._lock = threading.Lock()
        key_pem = self._leaf_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption())
        self._key_path = self._dir / "leaf.key"
        self._key_path.write_bytes(key_pem)
        self._key_path.chmod(0o600)

    def spki_hashes(self) -> list[str]:
        """Base64 SHA-256 of the public keys (Chromium's `--ignore-certificate-errors-spki-list` form)."""
        import base64

        out = []
        for key in (self._leaf_key.public_key(), self._key.public_key()):
            spki = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
            out.append(base64.b64encode(hashlib.sha256(spki).digest()).decode("ascii"))
        return out

    def server_context(self, host: str) -> ssl.SSLContext:
        """A TLS server context presenting a certificate for `host`, signed by this capture's authority."""
        with self._lock:
            ctx = self._contexts.get(host)
            if ctx is None:
                ctx = self._contexts[host] = self._make_context(host)
            return ctx

    def _make_context(self, host: str) -> ssl.SSLContext:
        try:
            alt: x509.GeneralName = x509.IPAddress(ipaddress.ip_address(host))
        except ValueError:
            alt = x509.DNSName(host)
        now = dt.datetime.now(dt.timezone.utc)
        leaf = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host[:64] or "host")]))
            .issuer_name(self.cert.subject).public_key(self._leaf_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([alt]), critical=False)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .sign(self._key, hashes.SHA256())
        )
        chain = self._dir / f"chain-{hashlib.sha256(host.encode()).hexdigest()[:16]}.pem"
        chain.write_bytes(leaf.public_bytes(serialization.Encoding.PEM)
                          + self.cert.public_bytes(serialization.Encoding.PEM))
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(chain, self._key_path)
        ctx.set_alpn_protocols(["http/1.1"])  # the proxy speaks HTTP/1.1 inside the tunnel
        return ctx


def origin_context() -> ssl.SSLContext:
    """How the proxy checks origins: the system's trust store, host names checked, nothing self-signed."""
    ctx = ssl.create_default_context()
    if not ctx.cert_store_stats().get("x509_ca") and not ctx.get_ca_certs():
        try:  # a Python without the system's store wired in (python.org builds on macOS): Mozilla's, if present
            import certifi

            ctx.load_verify_locations(certifi.where())
        except (ImportError, OSError):
            pass  # then nothing verifies, and every HTTPS page is refused with the reason
    ctx.set_alpn_protocols(["http/1.1"])
    return ctx
