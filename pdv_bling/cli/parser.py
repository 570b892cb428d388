"""argparse in Portuguese: usage, help headings and error messages (argparse itself speaks only
English), and argument types that refuse what the store cannot hold (64-bit overflow, non-ASCII
digits) with a message instead of a traceback."""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

MAX_INT64 = 2**63 - 1

_ERRORS: tuple[tuple[str, str], ...] = (
    (r"^the following arguments are required: (.*)$", r"faltam argumentos obrigatórios: \1"),
    (r"^argument (.*?): invalid choice: (.*?) \(choose from (.*)\)$", r"argumento \1: opção inválida \2 (use \3)"),
    (r"^argument (.*?): invalid .*? value: (.*)$", r"argumento \1: valor inválido \2"),
    (r"^argument (.*?): expected one argument$", r"argumento \1: informe um valor"),
    (r"^argument (.*?): expected at least one argument$", r"argumento \1: informe ao menos um valor"),
    (r"^argument (.*?): expected (.*?) arguments?$", r"argumento \1: informe \2 valores"),
    (r"^argument (.*?): not allowed with argument (.*)$", r"argumento \1: não pode ser usado com \2"),
    (r"^argument (.*?): ignored explicit argument (.*)$", r"argumento \1: valor não esperado \2"),
    (r"^unrecognized arguments: (.*)$", r"argumentos não reconhecidos: \1"),
    (r"^ambiguous option: (.*?) could match (.*)$", r"opção ambígua: \1 pode ser \2"),
    (r"^argument (.*?): (.*)$", r"argumento \1: \2"),
)
_HELP = (
    ("usage: ", "uso: "),
    ("positional arguments:", "argumentos:"),
    ("options:", "opções:"),
    ("show this help message and exit", "mostra esta ajuda e sai"),
    ("show program's version number and exit", "mostra a versão e sai"),
)


def translate(message: str) -> str:
    for pattern, replacement in _ERRORS:
        if re.match(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class PtArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage, help and errors read in Portuguese (subparsers inherit it)."""

    def format_usage(self) -> str:
        return _pt(super().format_usage())

    def format_help(self) -> str:
        return _pt(super().format_help())

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: erro: {translate(message)}\n")


def _pt(text: str) -> str:
    for english, portuguese in _HELP:
        text = text.replace(english, portuguese)
    return text


def positive_int(text: str) -> int:
    """A whole number from 1 to 2**63 - 1 written with ASCII digits (what SQLite can store)."""
    value = text.strip()
    if not (value.isascii() and value.isdigit()):
        raise argparse.ArgumentTypeError(f"use um número inteiro positivo (recebido {value[:30]!r})")
    number = int(value[:40])
    if not 1 <= number <= MAX_INT64 or len(value) > 19:
        raise argparse.ArgumentTypeError(f"número fora do intervalo de 1 a {MAX_INT64} (recebido {value[:30]})")
    return number
