import logging
from pathlib import Path

from pdv_bling.base.logsetup import RedactingFilter, configure_logging, redact


def test_log_line_with_token_secret_and_cpf_is_redacted(tmp_path: Path) -> None:
    logger = logging.getLogger("pdv_bling.test.redact")
    handler = configure_logging(tmp_path)
    try:
        logger.warning(
            "POST /oauth/token headers={'Authorization': 'Bearer eyJhbGciOi.abc.def'} "
            "client_secret=s3cr3tValue refresh_token=%s cliente CPF 529.982.247-25 doc %s",
            "rt-123456",
            "11222333000181",
        )
        handler.flush()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    line = (tmp_path / "pdv-bling.log").read_text(encoding="utf-8")
    assert "eyJhbGciOi" not in line
    assert "s3cr3tValue" not in line
    assert "rt-123456" not in line
    assert "529.982.247-25" not in line and "52998224725" not in line
    assert "***4725" in line
    assert "11222333000181" not in line and "***0181" in line


def test_redact_bearer_header_and_alphanumeric_cnpj() -> None:
    out = redact('Authorization: Bearer abc.def-123 cnpj 12.ABC.345/01DE-35 "access_token": "zzz"')
    assert "abc.def-123" not in out
    assert "zzz" not in out
    assert "12.ABC.345/01DE-35" not in out and "***DE35" in out


def test_filter_drops_args_after_formatting() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "token=%s", ("t0k",), None)
    RedactingFilter().filter(record)
    assert record.args is None and "t0k" not in record.getMessage()


def test_ordinary_numbers_survive() -> None:
    assert redact("sale 12 total 1999 cents, 3 items") == "sale 12 total 1999 cents, 3 items"
