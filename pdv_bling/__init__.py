"""PDV Bling core: domain, local store, Bling v3 client, sync engine and the Bling stand-in.

Nothing under this package imports Qt (tests/core/test_no_qt.py enforces it).
"""

__version__ = "0.1.0"
