"""The arguments of `pdv-bling caixa` (cli/caixa.py), in pt_BR."""

from __future__ import annotations

import argparse

from pdv_bling.cli.parser import positive_int

PAPERS = (80, 58)  # slips.printer.PAPERS


def _recording(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--id", metavar="UID",
                        help="identificador do registro (UUID) escolhido pelo script: repetir o comando com o mesmo "
                             "--id não registra duas vezes")
    parser.add_argument("--json", action="store_true", help="saída em JSON")


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="caixa_command", required=True, metavar="ACAO")
    abrir = sub.add_parser("abrir", help="abre o caixa: operador e fundo de troco")
    abrir.add_argument("--operador", required=True, metavar="NOME", help="operador que abre o caixa")
    abrir.add_argument("--fundo", required=True, metavar="VALOR", help="fundo de troco, por exemplo 100,00")
    _recording(abrir)
    for kind, words in (("suprimento", "entrada de dinheiro no caixa (troco)"),
                        ("sangria", "retirada de dinheiro do caixa (nunca mais do que há nele)")):
        movement = sub.add_parser(kind, help=words)
        movement.add_argument("--valor", required=True, metavar="VALOR", help="valor, por exemplo 50,00")
        movement.add_argument("--motivo", required=True, metavar="TEXTO", help="motivo (obrigatório)")
        movement.add_argument("--operador", required=True, metavar="NOME", help="operador que faz o movimento")
        _recording(movement)
    fechar = sub.add_parser("fechar", help="fecha o caixa contando cada forma de pagamento")
    fechar.add_argument("--operador", required=True, metavar="NOME", help="operador que fecha o caixa")
    cash = fechar.add_mutually_exclusive_group()
    cash.add_argument("--dinheiro", metavar="VALOR", help="dinheiro contado no caixa (total)")
    cash.add_argument("--cedula", action="append", default=[], metavar="VALOR=QTD",
                      help="dinheiro contado por cédulas e moedas, uma por vez: --cedula 100=2 --cedula 0,25=4")
    fechar.add_argument("--forma", action="append", default=[], metavar="NOME=VALOR",
                        help="total de outra forma de pagamento (relatório da maquininha, PIX): "
                             "--forma \"Cartão de Crédito=250,00\"; a forma não informada conta zero")
    fechar.add_argument("--motivo", metavar="TEXTO", help="motivo da diferença (obrigatório acima do limite da loja)")
    fechar.add_argument("--json", action="store_true", help="saída em JSON")
    relatorio = sub.add_parser("relatorio", help="relatório X (caixa aberto, não fecha nada) ou Z (o fechamento)")
    which = relatorio.add_mutually_exclusive_group()
    which.add_argument("--x", action="store_const", const="x", dest="kind", help="relatório X do caixa aberto")
    which.add_argument("--z", action="store_const", const="z", dest="kind", help="relatório Z do último fechamento")
    relatorio.add_argument("--turno", type=positive_int, metavar="NUMERO", help="o turno (padrão: o aberto ou o último)")
    relatorio.add_argument("--esperado", action="store_true",
                           help="mostra os valores esperados mesmo num fechamento cego (para o gerente)")
    relatorio.add_argument("--pdf", metavar="ARQUIVO", help="grava o relatório em PDF")
    relatorio.add_argument("--escpos", metavar="ARQUIVO", help="grava os bytes ESC/POS da impressora térmica")
    relatorio.add_argument("--imprimir", action="store_true", help="imprime na impressora térmica do terminal")
    relatorio.add_argument("--paper", type=int, choices=PAPERS,
                           help="largura da bobina em mm (padrão: a da impressora do terminal)")
    relatorio.add_argument("--json", action="store_true", help="saída em JSON")
    turnos = sub.add_parser("turnos", help="lista os turnos dos últimos dias")
    turnos.add_argument("--dias", type=positive_int, default=30, metavar="N", help="quantos dias (padrão: 30)")
    turnos.add_argument("--json", action="store_true", help="saída em JSON")
    gaveta = sub.add_parser("gaveta", help="abre a gaveta de dinheiro pela impressora térmica")
    gaveta.add_argument("--pino", type=int, choices=(2, 5), default=2, help="conector da gaveta (padrão: 2)")
