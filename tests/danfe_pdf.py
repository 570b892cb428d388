"""Reading a DANFE PDF as a person and a phone would: its words (pypdf's text) and its QR codes
(PDFium renders each page at 200 dpi, ZXing reads them), for the DANFE tests in tests/ui and
tests/e2e."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import zxingcpp
from pypdf import PdfReader


def pdf_words(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def qr_codes(path: Path) -> list[str]:
    """Every QR code on the PDF's pages, as PDFium renders them (200 dpi) and ZXing reads them."""
    found: list[str] = []
    document = pypdfium2.PdfDocument(str(path))
    try:
        for index in range(len(document)):
            page = document[index]
            image = page.render(scale=200 / 72).to_pil()
            found += [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]
            page.close()
    finally:
        document.close()
    return found
