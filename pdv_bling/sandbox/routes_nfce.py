"""NFC-e routes (field guide §6.9): `gerar-nfce` from an order, `enviar`, `GET /nfce[/{id}]`,
`GET /naturezas-operacoes`; outside `/Api/v3` the signed XML link (no token, as Bling's
`relatorios/nfe.xml.php`) and the DANFE link; and the control endpoints:

- `GET|POST /__sandbox__/nfce` the knobs of `config.NfceKnobs` (e.g. {"reject_cstat": 778})
- `POST /__sandbox__/nfce/{id}/cancelar` the manager cancels the note in Bling's screens
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Blueprint, Flask, Response, jsonify, request

from pdv_bling.sandbox import errors as E
from pdv_bling.sandbox.config import update_dataclass
from pdv_bling.sandbox.nfce import NfceDesk, naturezas
from pdv_bling.sandbox.routes_orders import drop_connection
from pdv_bling.sandbox.web import Ctx, Routes, data, page, window


def _dropped(ctx: Ctx, step: str) -> bool:
    """The knob `drop_next`: this step's answer is lost once (committed, then the socket closes)."""
    with ctx.state.lock:
        if step in ctx.config.nfce.drop_next:
            ctx.config.nfce.drop_next.remove(step)
            return True
    return False


def build(ctx: Ctx) -> Routes:
    routes = Routes()
    desk = ctx.nfce = NfceDesk(ctx.state, ctx.config.nfce, secret=ctx.config.client_secret, seed=ctx.config.seed)

    @routes.op("POST", "/pedidos/vendas/{idPedidoVenda}/gerar-nfce")
    def gerar(idPedidoVenda: int) -> Response:
        desk.root_url = request.host_url.rstrip("/")
        nota_id = desk.generate(idPedidoVenda)
        if _dropped(ctx, "gerar"):
            drop_connection()
        payload: Any = {"data": {"idNotaFiscal": nota_id}} if ctx.config.nfce.gerar_wrapped else {"idNotaFiscal": nota_id}
        return Response(jsonify(payload).get_data(), status=201, mimetype="application/json")

    @routes.op("POST", "/nfce/{idNotaFiscalConsumidor}/enviar")
    def enviar(idNotaFiscalConsumidor: int) -> Response:
        desk.root_url = request.host_url.rstrip("/")
        answer = desk.send(idNotaFiscalConsumidor)
        if _dropped(ctx, "enviar"):
            drop_connection()
        return data(answer)

    @routes.op("GET", "/nfce/{idNotaFiscalConsumidor}")
    def obter(idNotaFiscalConsumidor: int) -> Response:
        desk.root_url = request.host_url.rstrip("/")
        nota = desk.get(idNotaFiscalConsumidor)
        if _dropped(ctx, "ler"):
            drop_connection()
        return data(nota)

    @routes.op("GET", "/nfce")
    def listar() -> Response:
        desk.root_url = request.host_url.rstrip("/")
        emissao = window("dataEmissao", both_required=False, check=ctx.config.traps.date_window)
        rows = desk.listed(start=emissao[0] if emissao else None, end=emissao[1] if emissao else None,
                           situacao=request.args.get("situacao", type=int), numero=request.args.get("numero", type=int),
                           chave=request.args.get("chaveAcesso"))
        return data(page(rows))

    @routes.op("GET", "/naturezas-operacoes")
    def naturezas_operacoes() -> Response:
        rows = naturezas(ctx.config.nfce)
        situacao = request.args.get("situacao", type=int)
        return data(page([n for n in rows if situacao is None or n["situacao"] == situacao]))

    return routes


def install(app: Flask, ctx: Ctx) -> None:
    """The links Bling hands out (outside `/Api/v3`, no token) and the control endpoints."""

    @app.get("/relatorios/nfe.xml.php")
    def xml_link() -> Response:
        xml = ctx.nfce.xml(request.args.get("chaveAcesso", ""), request.args.get("signature", ""))
        ctx.state.record_request(method="GET", endpoint="/relatorios/nfe.xml.php", status=200 if xml else 404,
                                 path=request.path)  # counted with the API's: a request of ours all the same
        if xml is None:
            return Response("<html><body>Documento não encontrado</body></html>", status=404, mimetype="text/html")
        return Response(xml, mimetype="application/xml")

    @app.get("/doc.view.php")
    def danfe_link() -> Response:
        return Response("<html><body><h1>DANFE NFC-e (Bling de demonstração)</h1></body></html>", mimetype="text/html")

    control = Blueprint("control_nfce", "pdv_bling.sandbox.routes_nfce", url_prefix="/__sandbox__/nfce")

    @control.route("", methods=["GET", "POST"])
    def knobs() -> Response:
        if request.method == "POST":
            body = request.get_json(silent=True)
            update_dataclass(ctx.config.nfce, body if isinstance(body, dict) else {})
        return jsonify(asdict(ctx.config.nfce))

    @control.post("/<int:nota_id>/cancelar")
    def cancelar(nota_id: int) -> Response:
        try:
            return jsonify(ctx.nfce.cancel(nota_id))
        except E.BlingError as exc:
            return exc.response()

    app.register_blueprint(control)
