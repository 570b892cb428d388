"""Knobs that break the stand-in's account one way at a time, as a store's real account can be
misconfigured (what "Verificar conta Bling" must find). A fresh stand-in is healthy.

- `missing_scopes`: scope keys of `pdv_bling.bling.scopes` the app lacks: every path of those
  modules answers 403 `insufficient_scope` (field guide 2.7) to a valid token.
- `renamed_situacoes` / `missing_situacoes`: the Vendas module lists a situação under another
  name, or not at all (`GET /situacoes/modulos/{id}`).
- `no_consumidor_final`: `GET /contatos/consumidor-final` answers 404.
- `date_skew_s`: the `Date` header of every answer runs that many seconds ahead (or behind).
- Account data, changed once when set: `inactive_depositos` and `desconsiderar_saldo` (deposit
  ids, or "padrao"), `inactive_formas` and `formas_finalidade` (by descrição), `inactive_vendedores`
  (by name), `products_without_gtin` (the first N simple products lose their GTIN),
  `duplicated_skus` (N products take the SKU of the product before them).

Control: `GET|POST /__sandbox__/account` (a POST sets the knobs it names) and the `pdv-bling
sandbox` flags of `add_arguments`.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Flask, Response, jsonify, request

from pdv_bling.bling.scopes import BY_KEY, scope_for_path
from pdv_bling.sandbox import errors as E
from pdv_bling.sandbox.config import AccountKnobs

if TYPE_CHECKING:
    from pdv_bling.sandbox.web import Ctx

Json = dict[str, Any]
SITUACOES_MODULO = "GET /situacoes/modulos/{idModuloSistema}"
CONSUMIDOR_FINAL = "GET /contatos/consumidor-final"
DATA_KNOBS = ("inactive_depositos", "desconsiderar_saldo", "inactive_formas", "formas_finalidade",
              "inactive_vendedores", "products_without_gtin", "duplicated_skus")


def set_knobs(ctx: Ctx, values: Json) -> AccountKnobs:
    """Set the named knobs (unknown names and scope keys are refused) and apply data changes."""
    knobs = ctx.config.account
    names = {f.name for f in fields(knobs)}
    unknown = [k for k in values if k not in names]
    unknown += [f"scope {s}" for s in values.get("missing_scopes", []) if s not in BY_KEY]
    if unknown:
        raise ValueError(f"unknown account knobs: {unknown}")
    for key, value in values.items():
        setattr(knobs, key, value)
    apply_data(ctx, {k: v for k, v in values.items() if k in DATA_KNOBS})
    return knobs


def apply_data(ctx: Ctx, values: Json) -> None:
    """Change the account's data as the knobs say (once: a fresh stand-in starts healthy)."""
    state = ctx.state
    with state.lock:
        for ref in values.get("inactive_depositos", []):
            state.depositos[_deposito_id(ctx, ref)]["situacao"] = 0
        for ref in values.get("desconsiderar_saldo", []):
            state.depositos[_deposito_id(ctx, ref)]["desconsiderarSaldo"] = True
        formas = {f["descricao"]: f for f in state.formas.values()}
        for name in values.get("inactive_formas", []):
            formas[name]["situacao"] = 0
        for name, finalidade in values.get("formas_finalidade", {}).items():
            formas[name]["finalidade"] = int(finalidade)
        for vendedor in state.seed.vendedores:
            if vendedor["contato"]["nome"] in values.get("inactive_vendedores", []):
                vendedor["contato"]["situacao"] = "I"
    simple = sorted(pid for pid, p in state.produtos.items()
                    if p["formato"] == "S" and "idProdutoPai" not in p and p["situacao"] == "A")
    if values.get("products_without_gtin"):
        state.touch_products(simple[: int(values["products_without_gtin"])], changes={"gtin": ""})
    for index in range(1, int(values.get("duplicated_skus") or 0) + 1):
        twin = state.produtos[simple[index * 2 - 2]]["codigo"]
        state.touch_products([simple[index * 2 - 1]], changes={"codigo": twin})


def _deposito_id(ctx: Ctx, ref: int | str) -> int:
    return ctx.state.deposito_padrao if ref == "padrao" else int(ref)


def _endpoint() -> str:
    return (request.endpoint or "").removeprefix("api.")


def _before(ctx: Ctx) -> None:
    """After the stand-in's own guard (valid token): 403 for a missing scope, 404 for no CF."""
    endpoint = _endpoint()
    knobs = ctx.config.account
    template = endpoint.partition(" ")[2]
    scope = scope_for_path(template) if template else None
    if scope is not None and scope.key in knobs.missing_scopes:
        raise E.oauth_error(403, "insufficient_scope", "insufficient_scope",
                            "The request requires higher privileges than provided by the access token")
    if endpoint == CONSUMIDOR_FINAL and knobs.no_consumidor_final:
        raise E.not_found("O contato Consumidor Final não foi encontrado.")


def _after(ctx: Ctx, resp: Response) -> Response:
    """The Vendas module's situações as renamed or removed by the knobs."""
    knobs = ctx.config.account
    if _endpoint() != SITUACOES_MODULO or resp.status_code != 200:
        return resp
    if not (knobs.renamed_situacoes or knobs.missing_situacoes):
        return resp
    payload = json.loads(resp.get_data())
    rows = [dict(r, nome=knobs.renamed_situacoes.get(r["nome"], r["nome"])) for r in payload["data"]
            if r["nome"] not in knobs.missing_situacoes]
    resp.set_data(json.dumps({"data": rows}, ensure_ascii=False))
    return resp


def _control(ctx: Ctx) -> Blueprint:
    bp = Blueprint("account_knobs", "pdv_bling.sandbox.account_knobs", url_prefix="/__sandbox__")

    @bp.route("/account", methods=["GET", "POST"])
    def account() -> Response | tuple[Response, int]:
        if request.method == "POST":
            body = request.get_json(silent=True)
            try:
                set_knobs(ctx, body if isinstance(body, dict) else {})
            except (ValueError, KeyError, TypeError) as exc:
                return jsonify({"error": str(exc)}), 400
        return jsonify(asdict(ctx.config.account))

    return bp


def install(app: Flask, api: Blueprint, ctx: Ctx) -> None:
    """Wire the knobs into the stand-in (call before `app.register_blueprint(api)`)."""
    api.before_request(lambda: _before(ctx))
    api.after_request(lambda resp: _after(ctx, resp))
    app.register_blueprint(_control(ctx))
    apply_data(ctx, {k: v for k, v in asdict(ctx.config.account).items() if k in DATA_KNOBS and v})


def date_skew_of(server: Any) -> float:
    """For the HTTP handler: the `Date` skew of the stand-in serving this request."""
    knobs = getattr(server, "account_knobs", None)
    return float(knobs.date_skew_s) if isinstance(knobs, AccountKnobs) else 0.0


# ---------------------------------------------------------------- command line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("defeitos da conta (estraga a conta de um jeito por vez)")
    group.add_argument("--missing-scope", action="append", default=[], choices=sorted(BY_KEY),
                       help="o aplicativo não tem este escopo: seus caminhos respondem 403 insufficient_scope")
    group.add_argument("--rename-situacao", action="append", default=[], metavar="NOME=NOVO",
                       help="o módulo Vendas lista a situação NOME com o nome NOVO")
    group.add_argument("--remove-situacao", action="append", default=[], metavar="NOME",
                       help="o módulo Vendas não lista a situação NOME")
    group.add_argument("--no-consumidor-final", action="store_true",
                       help="GET /contatos/consumidor-final responde 404")
    group.add_argument("--date-skew", type=float, default=0.0, metavar="SEGUNDOS",
                       help="adianta (ou atrasa) o cabeçalho Date das respostas")
    group.add_argument("--inactive-deposito", action="append", default=[], metavar="ID|padrao",
                       help="desativa este depósito (ou o padrão)")
    group.add_argument("--inactive-forma", action="append", default=[], metavar="DESCRICAO",
                       help="desativa a forma de pagamento com esta descrição")
    group.add_argument("--products-without-gtin", type=int, default=0, metavar="N",
                       help="os N primeiros produtos simples perdem o GTIN")


def knobs_from_args(args: argparse.Namespace) -> AccountKnobs:
    renamed = dict(item.split("=", 1) for item in args.rename_situacao)
    depositos: list[int | str] = [d if d == "padrao" else int(d) for d in args.inactive_deposito]
    return AccountKnobs(missing_scopes=list(args.missing_scope), renamed_situacoes=renamed,
                        missing_situacoes=list(args.remove_situacao), no_consumidor_final=args.no_consumidor_final,
                        date_skew_s=args.date_skew, inactive_depositos=depositos,
                        inactive_formas=list(args.inactive_forma), products_without_gtin=args.products_without_gtin)
