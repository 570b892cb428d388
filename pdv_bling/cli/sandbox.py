"""`pdv-bling sandbox`: run the Bling stand-in until SIGTERM/SIGINT."""

from __future__ import annotations

import argparse
import signal
import threading
from dataclasses import Field, fields
from pathlib import Path
from types import FrameType
from typing import Any

from pdv_bling.cli.registry import command
from pdv_bling.sandbox import account_knobs
from pdv_bling.sandbox.config import Faults, SandboxConfig, Traps, update_dataclass


def _args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", metavar="ENDERECO",
                        help="endereço de escuta (padrão 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, metavar="PORTA", help="0 = uma porta livre qualquer")
    parser.add_argument("--products", type=int, default=300, metavar="N", help="produtos no catálogo (padrão 300)")
    parser.add_argument("--seed", type=int, default=1, metavar="N", help="semente do catálogo gerado (padrão 1)")
    parser.add_argument("--rate-limit", type=float, default=3.0, metavar="N",
                        help="requisições por segundo por conta (padrão 3)")
    parser.add_argument("--limiter", choices=("bucket", "window"), default="bucket",
                        help="bucket: balde de fichas (rajada = limite); window: janelas de 1 s, mais rígidas, "
                             "com variação na borda")
    parser.add_argument("--window-jitter-ms", type=float, default=200.0, metavar="MS",
                        help="com --limiter window: variação na borda da janela (padrão 200)")
    parser.add_argument("--daily-limit", type=int, default=120_000, metavar="N",
                        help="limite diário de requisições (padrão 120000)")
    parser.add_argument("--state", type=Path, default=None, metavar="ARQUIVO",
                        help="guarda o estado neste arquivo SQLite")
    parser.add_argument("--access-token-ttl", type=int, default=21_600, metavar="SEGUNDOS",
                        help="validade do access token (padrão 21600)")
    parser.add_argument("--redirect-uri", default="http://127.0.0.1:8765/callback", metavar="URL",
                        help="redirect_uri do aplicativo (padrão http://127.0.0.1:8765/callback)")
    parser.add_argument("--demo", action="store_true", help="aprova /oauth/authorize sem clique")
    parser.add_argument("--latency-ms", type=float, default=0.0, metavar="MS", help="atraso de cada resposta (ms)")
    parser.add_argument("--p500", type=float, default=0.0, metavar="P",
                        help="probabilidade de responder 500 (0 a 1)")
    parser.add_argument("--p503", type=float, default=0.0, metavar="P",
                        help="probabilidade de responder 503 (0 a 1)")
    parser.add_argument("--p429", type=float, default=0.0, metavar="P",
                        help="probabilidade de responder 429 (0 a 1)")
    parser.add_argument("--p-commit-drop", type=float, default=0.0, metavar="P",
                        help="probabilidade de criar o pedido e fechar sem responder (0 a 1)")
    parser.add_argument("--fault-seed", type=int, default=None, metavar="N", help="semente das falhas sorteadas")
    account_knobs.add_arguments(parser)
    parser.add_argument("--no-card-formas", action="store_true", help="conta sem formas de pagamento de cartão")
    traps = parser.add_argument_group("armadilhas da conta (guia de campo §7-§11); também em /__sandbox__/traps")
    for f in fields(Traps):
        flag = "--trap-" + f.name.replace("_", "-")
        if f.type in (bool, "bool"):
            traps.add_argument(flag, type=_on_off, default=None, metavar="on|off", help=f"padrão: {_show(f)}")
        else:
            kind = int if f.type in (int, "int") else str
            traps.add_argument(flag, type=kind, default=None, metavar="N" if kind is int else "VALOR",
                               help=f"padrão: {_show(f)}")


def _on_off(text: str) -> bool:
    value = text.strip().lower()
    if value not in ("on", "off", "1", "0", "true", "false"):
        raise argparse.ArgumentTypeError("use on ou off")
    return value in ("on", "1", "true")


def _show(f: Field[Any]) -> str:
    value = f.default
    return ("on" if value else "off") if isinstance(value, bool) else str(value)


def config_from_args(args: argparse.Namespace) -> SandboxConfig:
    faults = Faults(latency_ms=args.latency_ms, p500=args.p500, p503=args.p503, p429=args.p429,
                    p_commit_drop=args.p_commit_drop, seed=args.fault_seed)
    traps = Traps()
    update_dataclass(traps, {f.name: getattr(args, "trap_" + f.name) for f in fields(Traps)
                             if getattr(args, "trap_" + f.name, None) is not None})
    return SandboxConfig(products=args.products, seed=args.seed, rate_limit=args.rate_limit,
                         limiter=args.limiter, window_jitter_ms=args.window_jitter_ms,
                         daily_limit=args.daily_limit, access_token_ttl=args.access_token_ttl,
                         state_file=args.state, redirect_uri=args.redirect_uri, demo_auto_approve=args.demo,
                         host=args.host, port=args.port, faults=faults, traps=traps,
                         card_formas=not args.no_card_formas, account=account_knobs.knobs_from_args(args))


@command("sandbox")(_args)
def run(args: argparse.Namespace) -> int:
    from pdv_bling.sandbox.server import SandboxServer

    server = SandboxServer(config_from_args(args)).start()
    stop = threading.Event()

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    print(f"base_url={server.base_url}", flush=True)
    print(f"client_id={server.client_id}", flush=True)
    print(f"client_secret={server.client_secret}", flush=True)
    while not stop.wait(0.5):
        pass
    server.stop()
    return 0
