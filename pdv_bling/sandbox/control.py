"""Control and inspection endpoints outside `/Api/v3`, for tests, harnesses and benchmarks.

- `GET|POST /__sandbox__/faults`  {latency_ms, p500, p503, p429, p_commit_drop, seed}
- `GET|POST /__sandbox__/traps`   every field of `config.Traps` (the account's settings and validations,
                                   and what live accounts showed, field guide §11), e.g. {"born_atendido": "always"}
- `GET /__sandbox__/inspect[?balances=all]` orders by numeroLoja (ids, situações, deposit their stock was
  posted to, contas posted), stock movements per deposit, physical balances, virtual balances where
  open orders reserve stock, contas a receber (open/reversed), request counts per endpoint/status,
  token calls, request log
- `POST /__sandbox__/clock` {advance: seconds}   moves the stand-in's clock forward
- `POST /__sandbox__/products/touch` {ids: [...], delete?: bool, changes?: {...}}
- `POST /__sandbox__/contatos` {nome, numeroDocumento, situacao?, fantasma?, tipo?}: a contact as it may
  already sit in an account (inactive, excluded, or a "fantasma" no search returns); answers it
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Blueprint, Response, jsonify, request

from pdv_bling.sandbox import contacts, stock
from pdv_bling.sandbox.config import update_dataclass
from pdv_bling.sandbox.web import Ctx


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def inspect_account(ctx: Ctx, *, all_balances: bool = False) -> dict[str, Any]:
    """The state's figures plus the virtual balances where open orders reserve stock."""
    with ctx.state.lock:
        out = ctx.state.inspect(all_balances=all_balances)
        out["balances_virtual"] = stock.virtual_balances(ctx.state, ctx.config.traps)
        return out


def control_blueprint(ctx: Ctx) -> Blueprint:
    bp = Blueprint("control", "pdv_bling.sandbox.control", url_prefix="/__sandbox__")

    @bp.route("/faults", methods=["GET", "POST"])
    def faults() -> Response:
        if request.method == "POST":
            body = _body()
            update_dataclass(ctx.config.faults, body)
            if "seed" in body:
                ctx.faults.reseed()
        return jsonify(asdict(ctx.config.faults))

    @bp.route("/traps", methods=["GET", "POST"])
    def traps() -> Response:
        if request.method == "POST":
            update_dataclass(ctx.config.traps, _body())
        return jsonify(asdict(ctx.config.traps))

    @bp.get("/inspect")
    def inspect() -> Response:
        return jsonify(inspect_account(ctx, all_balances=request.args.get("balances") == "all"))

    @bp.post("/clock")
    def clock() -> Response:
        ctx.clock.advance(float(_body().get("advance", 0)))
        return jsonify({"now": ctx.clock.now().isoformat(), "offset": ctx.clock.offset})

    @bp.post("/products/touch")
    def touch() -> Response:
        body = _body()
        ids = [int(i) for i in body.get("ids", [])]
        ctx.state.touch_products(ids, delete=bool(body.get("delete")), changes=body.get("changes"),
                                 traps=ctx.config.traps)
        return jsonify({"touched": ids})

    @bp.post("/contatos")
    def contato() -> Response:
        return jsonify(contacts.add_direct(ctx.state, _body()))

    return bp
