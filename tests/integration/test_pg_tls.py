"""TLS to PostgreSQL (issue 16, item 9): a throwaway server with ssl=on, a certificate from a CA made here, and
pg_hba that takes only TLS connections with SCRAM passwords. sslmode=verify-full with the center's CA file
works for the app and for pg_dump backups; the wrong CA, a plain connection and a wrong password are refused.
A remote server without sslmode require/verify-* is warned about by ``onestop db use``."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from sqlalchemy import text

from desktop import pg_setup
from desktop.services.admin import center
from desktop.services.context import open_database
from desktop.services.errors import DatabaseUnavailable
from tests.conftest import ADMIN_PASSWORD, sign_in
from tests.integration.test_cli import onestop
from tests.pg import PgServer, find_bindir

OWNER_PW, APP_PW = "Owner-tls-2026", "App-tls-2026x"
HBA = """\
local all all trust
hostssl all onestop 127.0.0.1/32 trust
hostssl all all 127.0.0.1/32 scram-sha-256
hostnossl all all 127.0.0.1/32 reject
"""


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "虎丘镇一站式综合服务中心"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _write_key(key, path: Path) -> None:
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    path.chmod(0o600)


def make_ca(folder: Path, cn: str):
    """A self-signed CA: (its key, its certificate, the PEM file)."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(_name(cn))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    path = folder / f"{cn}.crt"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert, path


def make_server_cert(folder: Path, ca_key, ca_cert) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    import ipaddress

    cert = (x509.CertificateBuilder().subject_name(_name("localhost")).issuer_name(ca_cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    crt, pem = folder / "server.crt", folder / "server.key"
    crt.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    _write_key(key, pem)
    return crt, pem


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    bindir = find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found: install the postgresql package")
    server = PgServer(bindir, hba=HBA)
    certs = tmp_path_factory.mktemp("certs")
    ca_key, ca_cert, ca = make_ca(certs, "center-ca")
    _k, _c, wrong_ca = make_ca(certs, "other-ca")
    crt, key = make_server_cert(server.tmp, ca_key, ca_cert)
    if server.as_postgres:
        for path in (crt, key):
            shutil.chown(path, "postgres", "postgres")
    server.settings.update(ssl="on", ssl_cert_file=str(crt), ssl_key_file=str(key))
    server.start()
    server.ca, server.wrong_ca = ca, wrong_ca
    yield server
    server.stop()


def _url(server, role, password, database, **query) -> str:
    params = "&".join(f"{k}={v}" for k, v in query.items())
    return f"postgresql+psycopg://{role}:{password}@127.0.0.1:{server.port}/{database}" + (f"?{params}" if params else "")


@pytest.mark.postgres
def test_verify_full_with_the_centers_ca_works_and_anything_else_is_refused(tls_server, tmp_path, clock):
    plan = pg_setup.RolePlan.for_database("tlscenter")
    tls = {"sslmode": "verify-full", "sslrootcert": str(tls_server.ca)}
    admin = _url(tls_server, "onestop", "", "postgres", **tls).replace("onestop:@", "onestop@")
    pg_setup.setup_server(admin, plan, owner_password=OWNER_PW, app_password=APP_PW)
    open_database(_url(tls_server, plan.owner, OWNER_PW, plan.database, **tls)).close()  # the owner migrates

    app_url = _url(tls_server, plan.app, APP_PW, plan.database, **tls)
    ctx = open_database(app_url, clock=clock)
    try:
        with ctx.db.engine.connect() as conn:
            used = conn.execute(text("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).one()
        assert used.ssl is True and used.version.startswith("TLS")
        center.setup_center(ctx.uow(), name="测试中心", case_abbr="测", admin_username="admin",
                            admin_full_name="管理员", admin_password=ADMIN_PASSWORD)
        assert sign_in(ctx, "admin", ADMIN_PASSWORD).actor.username == "admin"
        # the daily backup over the same TLS settings (pg_dump gets the CA file too)
        from desktop.services import backup

        assert backup.backup_database(ctx, folder=str(tmp_path / "backups")).backup.size > 0
    finally:
        ctx.close()

    refusals = {
        "wrong CA": _url(tls_server, plan.app, APP_PW, plan.database, sslmode="verify-full",
                         sslrootcert=str(tls_server.wrong_ca)),
        "no TLS": _url(tls_server, plan.app, APP_PW, plan.database, sslmode="disable"),
        "wrong password": _url(tls_server, plan.app, "not-the-password", plan.database, **tls),
        # the right server reached under a name its certificate does not carry (hostaddr connects)
        "wrong host name": _url(tls_server, plan.app, APP_PW, plan.database, hostaddr="127.0.0.1", **tls).replace(
            "@127.0.0.1:", "@onestop-db.example:"),
    }
    details = {}
    for case, url in refusals.items():
        with pytest.raises(DatabaseUnavailable) as refused:
            open_database(url, upgrade=False).close()
        details[case] = refused.value.facts["detail"]
    assert "certificate verify failed" in details["wrong CA"], details
    assert "no encryption" in details["no TLS"], details
    assert "password authentication failed" in details["wrong password"], details
    assert "does not match host name" in details["wrong host name"], details

    # pg_dump checks the CA just as the app does
    wrong = open_database(app_url, upgrade=False)
    try:
        from desktop.services import backup

        wrong.db.url = wrong.db.url.update_query_dict({"sslrootcert": str(tls_server.wrong_ca)})
        with pytest.raises(backup.ToolFailed) as failed:
            backup.backup_database(wrong, folder=str(tmp_path / "backups2"))
        assert "certificate verify failed" in failed.value.facts["detail"]
    finally:
        wrong.close()


@pytest.mark.parametrize("url, warned", [
    ("postgresql://onestop_app@192.168.1.10/onestop", True),
    ("postgresql://onestop_app@192.168.1.10/onestop?sslmode=prefer", True),
    ("postgresql+psycopg://onestop_app@db.center.local:5432/onestop?sslmode=disable", True),
    ("postgresql://onestop_app@192.168.1.10/onestop?sslmode=require", False),
    ("postgresql://onestop_app@192.168.1.10/onestop?sslmode=verify-full&sslrootcert=/etc/onestop/ca.crt", False),
    ("postgresql://onestop_app@localhost/onestop", False),
    ("postgresql://onestop_app@127.0.0.1:5432/onestop", False),
    ("postgresql://onestop_app@[::1]:5432/onestop", False),
    ("postgresql://onestop_app@/onestop?host=/var/run/postgresql", False),
    ("sqlite:////tmp/onestop.db", False),
])
def test_remote_servers_without_tls_are_recognised(url, warned, monkeypatch):
    monkeypatch.delenv("PGSSLMODE", raising=False)
    monkeypatch.delenv("PGHOST", raising=False)
    assert pg_setup.remote_without_tls(url) is warned


def test_db_use_warns_about_a_remote_server_without_tls(tmp_path):
    plain = onestop("db", "use", "postgresql://onestop_app@192.168.1.10:5432/onestop", home=tmp_path)
    assert plain.returncode == 0, plain.stderr
    assert "not required to be encrypted" in plain.stderr and "sslmode=verify-full" in plain.stderr
    secure = onestop("db", "use", "postgresql://onestop_app@192.168.1.10:5432/onestop?sslmode=verify-full"
                     "&sslrootcert=/etc/onestop/center-ca.crt", home=tmp_path)
    assert secure.returncode == 0 and "encrypted" not in secure.stderr
