"""Every `pdv-bling` command by name, with its help line and the modules that make it, known
without importing any of them.

The top-level parser (`--version`, `--help`, the list of commands) is built from this table
alone; choosing a command imports its modules only (issue 23: every command used to import
SQLAlchemy, Alembic and the whole app before parsing, 2.6 s of CPU for `--version`). The first
module of an entry registers the command (`registry.command`); the others add sub-commands to it
(`registry.subcommand`) or answer it first (`registry.override`). tests/core/test_cli_table.py
holds this table to what the modules register.
"""

from __future__ import annotations

from typing import NamedTuple

_CLI = "pdv_bling.cli."


class CommandEntry(NamedTuple):  # not a dataclass: `dataclasses` costs `inspect` at start-up
    help: str
    modules: tuple[str, ...]  # imported in this order when the command is chosen


def _entry(help_text: str, *modules: str) -> CommandEntry:
    return CommandEntry(help_text, tuple(_CLI + name for name in modules))


TABLE: dict[str, CommandEntry] = {
    "check": _entry("verifica a conta Bling: escopos, situações, depósito, DE-PARA, vendedores... (só leitura)",
                    "check", "store_mode"),
    "config": _entry("configurações (na loja, as da loja inteira): list, set CHAVE=VALOR", "config"),
    "connect": _entry("autoriza este aplicativo no Bling (OAuth) e guarda os tokens", "connect", "store_mode"),
    "db": _entry("cópias de segurança do banco de dados: backup, backups, restore", "admin"),
    "depara": _entry("DE-PARA das formas de pagamento (na loja, o da loja inteira): list, map, unmap", "admin"),
    "disconnect": _entry("revoga os tokens do Bling e os apaga deste computador", "connect", "store_mode"),
    "integrator": _entry("integrador da loja: o único processo que fala com o Bling (um serviço)", "store"),
    "operador": _entry("operadores (vendedor da venda; na loja, os da loja inteira): list, add, link, disable, "
                       "enable", "admin"),
    "outbox": _entry("Fila de envio (na loja, a da loja inteira): lista os itens, devolve à fila os que requerem "
                     "atenção, confirma lançamentos",
                     "sync"),
    "sale": _entry("registra, cancela uma venda ou vincula a NFC-e (local e instantâneo)", "sale", "receipt",
                   "danfe"),
    "sandbox": _entry("roda o Bling simulado (stand-in local da API v3) para demonstração, treino e testes",
                      "sandbox"),
    "status": _entry("pasta de dados, versão do esquema, fila de envio, última sincronização", "status"),
    "stock-check": _entry("verifica se as vendas enviadas baixam o estoque do Bling (uma vez por conta)", "sync"),
    "store": _entry("loja com vários caixas: cria o banco da loja, liga um caixa, mostra a situação",
                    "store", "store_claims"),
    "sync": _entry("envia a Fila de envio até não haver mais o que enviar agora e/ou baixa dados do Bling",
                   "sync", "store_mode"),
    "terminal": _entry("mostra ou troca o identificador deste terminal (a série do numeroLoja)", "connect",
                       "store_mode"),
    "troca": _entry("registra uma troca/devolução a partir de JSON (na loja, venda de qualquer caixa)", "store"),
}


def help_of(name: str) -> str:
    """The help line of a command (a module registering a command the table lacks fails here)."""
    return TABLE[name].help
