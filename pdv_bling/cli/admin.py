"""CLI for a store set up from the command line alone: `db` (backups, restore, check),
`operador` (operators) and `depara` (payment methods -> Bling formas de pagamento).

On a PC of a store (a caixa or the integrador's host) `operador` and `depara` act on the store
database, for every caixa (`retaguarda.scope`): a caixa's own copy is the replica's, and the
integrador delivers with the store's DE-PARA and sellers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from filelock import FileLock, Timeout
from sqlalchemy.orm import Session

from pdv_bling.base.paths import app_paths
from pdv_bling.cli import exit_codes
from pdv_bling.cli.registry import command, print_json
from pdv_bling.cli.scoped import in_scope, offline_code, where_text
from pdv_bling.cli.words import count
from pdv_bling.management.operators import (
    MappingLine,
    OperatorRow,
    add_operator,
    link_operator,
    list_operators,
    map_method,
    mapping,
    set_operator_active,
)
from pdv_bling.runtime.app_instance import app_is_open
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
        if app_is_open(paths.data):  # the app may run without the sender's lock (a command had it)
            raise Timeout(str(paths.app_lock))
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
    if report.salvaged:
        print(f"Recuperadas do arquivo danificado: {count(len(report.salvaged), 'venda', 'vendas')} "
              f"({', '.join(report.salvaged)}): voltaram com seus números e seguem para o Bling.")
    if report.lost:
        print(f"Perdidas com o arquivo danificado: {count(len(report.lost), 'venda', 'vendas')} ({', '.join(report.lost)}). Cada uma é "
              "procurada no Bling na próxima sincronização: a Fila de envio diz se chegou ao Bling ou se precisa ser "
              "registrada de novo.")
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
    def work(session: Session, _scope: object) -> tuple[str | None, list[OperatorRow]]:
        if args.op_command == "add":
            seller = add_operator(session, args.name, vendedor=args.vendedor)
            return f"Operador {seller.name} criado", []
        if args.op_command == "link":
            seller = link_operator(session, args.name, args.vendedor or None)
            return f"Operador {seller.name} ligado ao vendedor {seller.bling_vendedor_id or '(nenhum)'}", []
        if args.op_command in ("disable", "enable"):
            seller = set_operator_active(session, args.name, active=args.op_command == "enable")
            return f"Operador {seller.name} {'reativado' if seller.active else 'desativado'}", []
        return None, list_operators(session)

    with AppContext.open() as ctx:
        outcome = in_scope(ctx, writes=args.op_command != "list", work=work)
    if isinstance(outcome, int):
        return outcome
    (done, rows), scope = outcome
    if done is not None:
        print(f"{done}{where_text(scope)}.")
    elif args.json:
        print_json([row.__dict__ for row in rows])
    else:
        for row in rows:
            state = "" if row.active else " (desativado)"
            linked = f" → vendedor do Bling {row.bling_vendedor} ({row.bling_vendedor_id})" if row.bling_vendedor_id else ""
            print(f"{row.name}{state}{linked}")
        if not rows:  # never after JSON: a script reading the output gets JSON only
            print("Nenhum operador. Crie com: pdv-bling operador add NOME [--vendedor-bling NOME]")
    return offline_code(scope)


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
    writes = args.depara_command in ("map", "unmap")

    def work(session: Session, _scope: object) -> tuple[str | None, list[MappingLine]]:
        name = None
        if writes:
            name = map_method(session, args.method, args.forma if args.depara_command == "map" else None).name
        return name, mapping(session)

    with AppContext.open() as ctx:
        outcome = in_scope(ctx, writes=writes, work=work)
    if isinstance(outcome, int):
        return outcome
    (method, lines), scope = outcome
    if args.depara_command == "list" and getattr(args, "json", False):
        print_json([line.__dict__ for line in lines])
        return offline_code(scope)
    if method is not None:
        print(f"{method}: {'ligada' if args.depara_command == 'map' else 'desligada'}{where_text(scope)}.")
    for line in lines:
        target = f"{line.bling_name} ({line.bling_id})" if line.bling_id else "Não informado"
        print(f"{line.method} → {target}")
    return offline_code(scope)
