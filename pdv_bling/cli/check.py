"""`pdv-bling check [--json]`: verify the Bling account (read-only) and print each finding.

Exit code: 0 everything ok, 1 atenção, 2 erro, 3 the check could not run (not connected,
reconnection needed, offline, daily limit; in store mode also: the store server or its integrador
did not answer). On a PC of a store (a caixa or an integrador host) the store's integrador runs the
check and this prints its report.
"""

from __future__ import annotations

import argparse

from pdv_bling.account_check.model import CheckReport
from pdv_bling.cli.registry import command, print_json
from pdv_bling.store.context import AppContext

EXIT_CODES = {"ok": 0, "atencao": 1, "erro": 2}
EXIT_NOT_RUN = 3
MARKS = {"ok": "✔ OK     ", "atencao": "⚠ ATENÇÃO", "erro": "✖ ERRO   ", "nao_verificado": "– NÃO VERIFICADO"}
PROBLEMS = {
    "not_connected": "a conta Bling não está conectada: rode pdv-bling connect.",
    "reconnection_needed": "a autorização do Bling expirou ou foi revogada: rode pdv-bling connect.",
    "offline": "o Bling não respondeu (sem internet?): nada foi verificado.",
    "daily_limit": "o limite diário de requisições do Bling foi atingido: verifique amanhã.",
    "keyring_unavailable": "nenhum cofre de senhas do sistema (keyring) para ler a autorização do Bling.",
}


def _args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="saída em JSON")


@command("check")(_args)
def _check(args: argparse.Namespace) -> int:
    from pdv_bling.account_check.runner import check_and_record
    from pdv_bling.bling.client import open_client
    from pdv_bling.sync.apilog import ApiLog

    with AppContext.open() as ctx, open_client(ctx, observer=ApiLog(ctx.store)) as client:
        report = check_and_record(ctx.store, client)
    show(report, as_json=args.json)
    return EXIT_NOT_RUN if report.problem else EXIT_CODES[report.status]


def show(report: CheckReport, *, as_json: bool) -> None:
    if as_json:
        print_json(report.to_json())
    else:
        print_report(report)


def print_report(report: CheckReport) -> None:
    head = "Verificar conta Bling" + (f" — {report.company}" if report.company else "")
    print(f"{head} — {_plural(report.requests, 'requisição', 'requisições')} ao Bling")
    if report.problem:
        print(f"Não foi possível verificar: {PROBLEMS.get(report.problem, report.problem)}")
        return
    for item in report.results:
        print(f"{MARKS[item.status]}  {item.title}: {item.explanation}")
        for line in item.details:
            print(f"             · {line}")
        if item.fix and item.status in ("atencao", "erro"):
            print(f"             Como corrigir: {item.fix}")
    erros, atencoes = report.count("erro"), report.count("atencao")
    verdict = {"ok": "tudo certo", "atencao": "ATENÇÃO", "erro": "ERRO"}[report.status]
    print(f"Resultado: {verdict} ({_plural(erros, 'erro', 'erros')}, "
          f"{_plural(atencoes, 'ponto de atenção', 'pontos de atenção')})")


def summary_line(report: CheckReport) -> str:
    """One line after `pdv-bling connect`."""
    if report.problem:
        return f"Verificar conta Bling: não foi possível verificar ({PROBLEMS.get(report.problem, report.problem)})"
    if report.status == "ok":
        return f"Verificar conta Bling: tudo certo ({report.requests} requisições)."
    return (f"Verificar conta Bling: {_plural(report.count('erro'), 'erro', 'erros')}, "
            f"{_plural(report.count('atencao'), 'ponto de atenção', 'pontos de atenção')}: "
            "rode pdv-bling check para ver como corrigir.")


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"
