"""The DANFE of a note issued through the chain, end to end (issue 27 "Must show", first item):
a sale -> its order -> gerar-nfce -> enviar -> read back until situacao 5 -> the authorized XML
downloaded from the stand-in's signed link and kept on the sale's fiscal document -> `pdv-bling
sale danfe N --pdf` writes a PDF whose text holds the access key in groups of four and whose QR
code, rendered by PDFium and read by ZXing, decodes to exactly the XML's qrCode. The same with the
stand-in issuing under the alphanumeric CNPJ."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.nfce import group_key, parse_access_key
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store.models import FiscalDocument, NfceNote
from pdv_bling.store.models import nfce as N
from tests.core.nfce_support import xml_qr_code
from tests.danfe_pdf import pdf_words, qr_codes
from tests.e2e.helpers import Terminal, drain_all, mixed_sale, open_terminal, sellable, set_settings

pytestmark = pytest.mark.e2e


@pytest.fixture
def terminal(tmp_path: Path, sandbox: SandboxServer) -> Iterator[Terminal]:
    sandbox.set_nfce(sefaz_latency_s=0.05, slow_share=0.0)
    t = open_terminal(tmp_path / "t1", sandbox)
    set_settings(t, nfce_source="bling")
    yield t
    t.close()


def danfe_command(home: Path, number: int, pdf: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PDV_BLING_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "pdv_bling", "sale", "danfe", str(number), "--pdf", str(pdf)],
                          capture_output=True, text=True, timeout=120, env=env, check=False)


@pytest.mark.parametrize("alphanumeric", [False, True], ids=["cnpj", "alphanumeric-cnpj"])
def test_a_sale_issued_through_the_chain_prints_its_danfe_with_the_key_and_the_qr_code(
    terminal: Terminal, sandbox: SandboxServer, tmp_path: Path, alphanumeric: bool
) -> None:
    sandbox.set_nfce(alphanumeric_cnpj=alphanumeric)
    sale = record_sale(terminal.ctx.store, mixed_sale(sellable(terminal.ctx, 10), random.Random(3),
                                                      with_customer=False))
    pdf = tmp_path / "danfe.pdf"
    before = danfe_command(tmp_path / "t1", sale.number, pdf)  # not issued yet: nothing to print
    assert before.returncode == 2 and "não tem NFC-e autorizada" in before.stderr

    drain_all(terminal)
    with terminal.ctx.store.read() as session:
        note = session.scalars(select(NfceNote).where(NfceNote.sale_id == sale.sale_id)).one()
        xml, link = session.execute(select(FiscalDocument.xml, FiscalDocument.link_danfe).where(
            FiscalDocument.sale_id == sale.sale_id, FiscalDocument.kind == "nfce")).one()
    assert note.state == N.AUTHORIZED and note.situacao == 5 and xml and link
    key = note.access_key or ""
    assert f'Id="NFe{key}"' in xml
    assert (parse_access_key(key).issuer == "12ABC34501DE35") == alphanumeric

    done = danfe_command(tmp_path / "t1", sale.number, pdf)
    assert done.returncode == 0, done.stderr
    assert link in done.stdout  # the linkDanfe, for sending to the customer
    words = pdf_words(pdf)
    assert group_key(key) in words, words
    assert "CONSUMIDOR NÃO IDENTIFICADO" in words
    assert qr_codes(pdf) == [xml_qr_code(xml)]
