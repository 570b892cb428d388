"""PySide6 desktop app: thin windows over pdv_bling core services."""
