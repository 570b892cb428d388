"""A faithful local stand-in for Bling API v3: demo/training mode, end-to-end tests, benchmarks.

Public API: `SandboxConfig`, `SandboxServer` (plus `Faults`, `Traps`). See `server.py`.
"""

from pdv_bling.sandbox.config import Faults, SandboxConfig, Traps
from pdv_bling.sandbox.server import SandboxServer

__all__ = ["Faults", "SandboxConfig", "SandboxServer", "Traps"]
