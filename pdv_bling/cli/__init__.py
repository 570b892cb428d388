"""Interfaces: every `pdv-bling` command (one module per command group), its argparse in Portuguese, its words and exit codes. Services never import this package."""
