"""CLI for a store set up from the command line alone: `db` (backups, restore, check),
`operador` (local operators) and `depara` (payment methods -> Bling formas de pagamento)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from filelock import FileLock, Timeout

from pdv_bling.base.paths import app_paths
from pdv_bling.cli import exit_codes
from pdv_bling.cli.registry import command, print_json
from pdv_bling.domain.errors import DomainError
from pdv_bling.management.operators import (
    add_operator,
    link_operator,
    list_operators,
    map_method,
    mapping,
    set_operator_active,
)
from pdv_bling.store.backups import good_backups, manual_backup, restore, taken_at, when_text
from pdv_bling.store.context import AppContext
from pdv_bling.store.opening import checked_paths

# ---------------------------------------------------------------- db


def _db_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="db_command", required=True, metavar="ACAO")
    sub.add_parser("backup", help="faz agora uma cópia de segurança do banco de dados")
    sub.add_parser("backups", help="lista as cópias de segurança válidas")
    restore_parser = sub.add_parser("restore", help="restaura a cópia mais recente válida (ou ARQUIVO)")
    restore_parser.add_argument("file", nargs="?", type=Path, metavar="ARQUIVO")


@command("db")(_db_args)
def _db(args: argparse.Namespace) -> int:
    if args.db_command == "restore":
        return _restore(args.file)
    paths = checked_paths(app_paths())
    if args.db_command == "backups":
        found = good_backups(paths.backups)
        for path in found:
            print(f"{when_text(taken_at(path))}  {path}")
        if not found:
            print(f"Nenhuma cópia válida em {paths.backups}.")
        return exit_codes.OK
    with AppContext.open() as ctx:
        made = manual_backup(ctx.store, ctx.paths.backups)
    print(f"Cópia de segurança feita: {made}")
    return exit_codes.OK


def _restore(source: Path | None) -> int:
    paths = checked_paths(app_paths())
    lock = FileLock(str(paths.drainer_lock))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        print("erro: o PDV Bling está aberto (ou enviando) nesta pasta de dados: feche-o antes de restaurar.",
              file=sys.stderr)
        return exit_codes.BUSY
    try:
        report = restore(paths, source)
    finally:
        lock.release()
    print(f"Banco de dados restaurado da cópia de {when_text(report.taken_at)} ({report.backup}).")
    if report.moved_aside is not None:
        print(f"Os arquivos anteriores foram guardados em {report.moved_aside} (nada foi apagado).")
    print(f"Vendas registradas depois dessa cópia não estão nela; a numeração continua em {report.next_sale_number} "
          "para nunca repetir um número já enviado ao Bling.")
    if report.maybe_sent:
        print(f"{report.maybe_sent} envios da fila podem ter chegado ao Bling depois da cópia: serão procurados no "
              "Bling antes de qualquer reenvio (nenhuma venda é enviada duas vezes).")
    if report.in_doubt:
        print(f"{report.in_doubt} registros ainda não confirmados pela retaguarda: este caixa pergunta à retaguarda "
              "antes de usá-los (trocas, cancelamentos, crédito).")
    return exit_codes.OK


# ---------------------------------------------------------------- operador


def _operator_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="op_command", required=True, metavar="ACAO")
    listing = sub.add_parser("list", help="lista os operadores")
    listing.add_argument("--json", action="store_true", help="saída em JSON")
    add = sub.add_parser("add", help="cria um operador (opcionalmente ligado a um vendedor do Bling)")
    add.add_argument("name", metavar="NOME")
    add.add_argument("--vendedor-bling", dest="vendedor", metavar="NOME_OU_ID")
    link = sub.add_parser("link", help="liga um operador a um vendedor do Bling (vazio desliga)")
    link.add_argument("name", metavar="NOME")
    link.add_argument("vendedor", metavar="VENDEDOR_BLING")
    for name, text in (("disable", "desativa um operador"), ("enable", "reativa um operador")):
        sub.add_parser(name, help=text).add_argument("name", metavar="NOME")


@command("operador")(_operator_args)
def _operator(args: argparse.Namespace) -> int:
    with AppContext.open() as ctx:
        try:
            with ctx.store.transaction() as session:
                if args.op_command == "add":
                    seller = add_operator(session, args.name, vendedor=args.vendedor)
                    print(f"Operador {seller.name} criado.")
                elif args.op_command == "link":
                    seller = link_operator(session, args.name, args.vendedor or None)
                    print(f"Operador {seller.name} ligado ao vendedor {seller.bling_vendedor_id or '(nenhum)'}.")
                elif args.op_command in ("disable", "enable"):
                    seller = set_operator_active(session, args.name, active=args.op_command == "enable")
                    print(f"Operador {seller.name} {'reativado' if seller.active else 'desativado'}.")
                else:
                    rows = list_operators(session)
        except DomainError as exc:
            print(f"erro: {exc}", file=sys.stderr)
            return exit_codes.REFUSED
    if args.op_command == "list" and args.json:
        print_json([row.__dict__ for row in rows])
    elif args.op_command == "list":
        for row in rows:
            state = "" if row.active else " (desativado)"
            linked = f" → vendedor do Bling {row.bling_vendedor} ({row.bling_vendedor_id})" if row.bling_vendedor_id else ""
            print(f"{row.name}{state}{linked}")
        if not rows:  # never after JSON: a script reading the output gets JSON only
            print("Nenhum operador. Crie com: pdv-bling operador add NOME [--vendedor-bling NOME]")
    return exit_codes.OK


# ---------------------------------------------------------------- depara


def _depara_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="depara_command", required=True, metavar="ACAO")
    listing = sub.add_parser("list", help="mostra o DE-PARA (forma local -> forma do Bling)")
    listing.add_argument("--json", action="store_true", help="saída em JSON")
    mapped = sub.add_parser("map", help="liga uma forma de pagamento local a uma forma do Bling (nome ou id)")
    mapped.add_argument("method", metavar="FORMA_LOCAL")
    mapped.add_argument("forma", metavar="FORMA_BLING")
    sub.add_parser("unmap", help="desfaz a ligação (volta a 'Não informado')").add_argument("method", metavar="FORMA_LOCAL")


@command("depara")(_depara_args)
def _depara(args: argparse.Namespace) -> int:
    with AppContext.open() as ctx:
        try:
            with ctx.store.transaction() as session:
                if args.depara_command in ("map", "unmap"):
                    method = map_method(session, args.method, args.forma if args.depara_command == "map" else None)
                lines = mapping(session)
        except DomainError as exc:
            print(f"erro: {exc}", file=sys.stderr)
            return exit_codes.REFUSED
    if args.depara_command == "list" and getattr(args, "json", False):
        print_json([line.__dict__ for line in lines])
        return exit_codes.OK
    if args.depara_command != "list":
        print(f"{method.name}: {'ligada' if args.depara_command == 'map' else 'desligada'}.")
    for line in lines:
        target = f"{line.bling_name} ({line.bling_id})" if line.bling_id else "Não informado"
        print(f"{line.method} → {target}")
    return exit_codes.OK
