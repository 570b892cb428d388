"""Must-show of issue 26: a store run entirely from the command line on a machine with no OS keyring.

Every step is a real `pdv-bling` process with `PYTHON_KEYRING_BACKEND` unset and no D-Bus (so no
Secret Service), `HOME` a fresh folder (no ~/.pgpass, no keyring files), and a store database
whose role must give its password. First the commands refuse, with the way out and without a
traceback, and write nothing; then the way out: libpq's PGPASSFILE on the integrador's host and on
one caixa, the encrypted file keyring (chosen by name, passphrase from a 0600 file) on the other.
The integrador connects to the Bling stand-in with `connect --no-browser`; an unmapped payment
method parks the sales; the DE-PARA is mapped by command on a caixa, the parked sales are retried
by command on the other, and every sale reaches the stand-in exactly once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from pdv_bling.retaguarda.localpg import LocalPostgres
from pdv_bling.retaguarda.server import open_server
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store.models import BlingFormaPagamento, Product
from tests.store.test_headless import PASSWORD, pgpass

pytestmark = pytest.mark.postgres
FILE_KEYRING = "pdv_bling.base.filekeyring.EncryptedFileKeyring"


class Machine:
    """A PC of the store without an OS keyring: its own data folder and environment."""

    def __init__(self, tmp_path: Path, name: str, **env: str) -> None:
        self.home = tmp_path / name
        drop = ("PYTHON_KEYRING_BACKEND", "DBUS_SESSION_BUS_ADDRESS", "KEYRING_CRYPTFILE_PASSWORD", "PGPASSFILE",
                "PGPASSWORD", "PDV_BLING_API_URL", "CREDENTIALS_DIRECTORY")
        self.env = {k: v for k, v in os.environ.items() if k not in drop}
        self.env.update({"HOME": str(tmp_path / f"{name}-user"), "XDG_DATA_HOME": str(tmp_path / f"{name}-data"),
                         "XDG_CONFIG_HOME": str(tmp_path / f"{name}-config"), "PDV_BLING_HOME": str(self.home),
                         **env})

    def run(self, *args: str, stdin: str = "", ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([sys.executable, "-m", "pdv_bling", *args], env=self.env, input=stdin,
                              capture_output=True, text=True, timeout=180)
        assert "Traceback" not in done.stderr, done.stderr
        assert done.returncode in ok, (args, done.returncode, done.stdout[-800:], done.stderr[-800:])
        return done

    def connect(self, bling: SandboxServer) -> None:
        """`pdv-bling connect --no-browser`; the test opens the printed URL and clicks Autorizar."""
        self.env["PDV_BLING_API_URL"] = bling.base_url
        proc = subprocess.Popen([sys.executable, "-m", "pdv_bling", "connect", "--no-browser", "--client-id",
                                 bling.client_id, "--client-secret", bling.client_secret, "--timeout", "120"],
                                env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("http"):
                url = line.strip()
                answer = httpx.post(url.split("?")[0], data=dict(parse_qsl(urlsplit(url).query)), timeout=30)
                httpx.get(answer.headers["location"], timeout=30)
        assert proc.wait(180) == 0, lines
        assert any(line.startswith("Conectado ao Bling") for line in lines), lines


def _sale(sku: str, cents: int) -> str:
    return json.dumps({"itens": [{"sku": sku, "quantidade": 1}],
                       "pagamentos": [{"forma": "Dinheiro", "valor": f"{cents // 100},{cents % 100:02d}"}]})


def _deliver(integrador: Machine, server_url: str, rounds: int = 8) -> dict[str, int]:
    """`integrator --once` until the store's queue has nothing pending (the service would loop)."""
    counts: dict[str, int] = {}
    for _ in range(rounds):
        integrador.run("integrator", "--once", "--json")
        counts = json.loads(integrador.run("status", "--json").stdout)["outbox"]
        if counts["pending"] == 0:
            break
    return counts


def test_a_store_run_from_the_command_line_without_an_os_keyring(
        tmp_path: Path, pg_server: LocalPostgres, pg_url: str, bling: SandboxServer) -> None:
    database = make_url(pg_url).database
    assert database is not None
    store_url = pg_server.add_password_login(f"loja_{database}", PASSWORD, database)
    url = store_url.replace("postgresql+psycopg", "postgresql")
    passfile = pgpass(tmp_path, store_url, PASSWORD)

    # no keyring at all: refused with the way out, nothing written
    integrador = Machine(tmp_path, "integrador")
    refused = integrador.run("store", "init", url, "--password-stdin", stdin=PASSWORD + "\n", ok=(18,))
    assert "PGPASSFILE" in refused.stderr and "EncryptedFileKeyring" in refused.stderr
    # the way out on the integrador's host: libpq's password file
    integrador.env["PGPASSFILE"] = str(passfile)
    integrador.run("store", "init", url)
    integrador.connect(bling)
    first = json.loads(integrador.run("integrator", "--once", "--json").stdout)
    assert first["role"] == "leader" and first["pulled"].get("produtos")

    # two caixas: one keeps the password in the encrypted file keyring, the other uses PGPASSFILE
    secret = tmp_path / "c1-passphrase"
    secret.write_text("uma frase longa e aleatória\n")
    secret.chmod(0o600)
    caixa1 = Machine(tmp_path, "c1", PYTHON_KEYRING_BACKEND=FILE_KEYRING,
                     PDV_BLING_KEYRING_FILE=str(tmp_path / "c1-cofre.cfg"),
                     PDV_BLING_KEYRING_PASSPHRASE_FILE=str(secret))
    caixa2 = Machine(tmp_path, "c2")
    assert "PGPASSFILE" in caixa2.run("store", "join", url, "--terminal", "PDV02", "--password-stdin",
                                      stdin=PASSWORD + "\n", ok=(18,)).stderr
    caixa1.run("store", "join", url, "--terminal", "PDV01", "--password-stdin", stdin=PASSWORD + "\n")
    assert PASSWORD.encode() not in (tmp_path / "c1-cofre.cfg").read_bytes()
    caixa2.env["PGPASSFILE"] = str(passfile)
    caixa2.run("store", "join", url, "--terminal", "PDV02")

    server = open_server(store_url, password=PASSWORD)
    with server.read() as session:
        every = session.scalars(select(Product).order_by(Product.id)).all()
        parents = {p.parent_id for p in every}
        products = [(p.sku, p.price_cents) for p in every if p.sku and p.active and p.price_cents > 0
                    and p.formato != "V" and p.id not in parents][:3]
        forma = session.scalars(select(BlingFormaPagamento).where(BlingFormaPagamento.situacao == 1)
                                .order_by(BlingFormaPagamento.bling_id)).first()
    assert len(products) == 3 and forma is not None

    # sales before the DE-PARA: they park on the integrador
    sold = []
    for caixa, (sku, cents) in ((caixa1, products[0]), (caixa2, products[1])):
        sold.append(json.loads(caixa.run("sale", "add", "-", "--json", stdin=_sale(sku, cents)).stdout))
        caixa.run("sync", "--push")
    counts = _deliver(integrador, store_url, rounds=2)
    assert counts["parked"] >= 2, counts
    listed = caixa2.run("outbox", "list", "--json")
    assert {s["numero_loja"] for s in sold} <= {row["numero_loja"] for row in json.loads(listed.stdout)}

    # the DE-PARA mapped by command on caixa 1, the parked sales retried by command on caixa 2
    mapped = caixa1.run("depara", "map", "Dinheiro", str(forma.bling_id))
    assert "na retaguarda" in mapped.stdout
    retried = caixa2.run("outbox", "retry", "--all-parked")
    assert "De volta à fila" in retried.stdout
    sku, cents = products[2]
    sold.append(json.loads(caixa1.run("sale", "add", "-", "--json", stdin=_sale(sku, cents)).stdout))
    caixa1.run("sync", "--push")
    counts = _deliver(integrador, store_url)
    assert counts["pending"] == 0 and counts["parked"] == 0, counts

    orders = bling.inspect()["orders"]
    assert {s["numero_loja"]: orders.get(s["numero_loja"], {}).get("count") for s in sold} == {
        s["numero_loja"]: 1 for s in sold}
    assert sum(entry["count"] for entry in orders.values()) == len(sold)
    server.close()
