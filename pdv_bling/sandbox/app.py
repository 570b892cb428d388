"""The Flask application: `/Api/v3` (OAuth + resources) and `/__sandbox__` (control/inspection)."""

from __future__ import annotations

import html
import json
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Flask, Response, g, redirect, request
from werkzeug.exceptions import HTTPException

from pdv_bling.sandbox import account_knobs, routes_caixas, routes_catalog, routes_nfce, routes_orders, spec
from pdv_bling.sandbox import errors as E
from pdv_bling.sandbox.control import control_blueprint
from pdv_bling.sandbox.web import Ctx

OAUTH_PREFIX = "/Api/v3/oauth/"


def _oauth(bp: Blueprint, ctx: Ctx) -> None:
    @bp.route("/oauth/authorize", methods=["GET", "POST"], endpoint="GET /oauth/authorize")
    def authorize() -> Any:
        args = request.values
        if args.get("response_type") != "code" or args.get("client_id") != ctx.config.client_id:
            return Response("<p>Aplicativo inválido.</p>", status=400, mimetype="text/html")
        state = args.get("state", "")
        # Like Bling, a redirect_uri parameter is ignored: the registered one is used.
        if ctx.config.demo_auto_approve or request.method == "POST":
            query = urlencode({"code": ctx.oauth.new_code(), "state": state})
            return redirect(f"{ctx.config.redirect_uri}?{query}", code=302)
        page = ("<html><body><h1>Autorizar aplicativo (Bling de demonstração)</h1>"
                f"<form method='post'><input type='hidden' name='response_type' value='code'>"
                f"<input type='hidden' name='client_id' value='{html.escape(ctx.config.client_id)}'>"
                f"<input type='hidden' name='state' value='{html.escape(state)}'>"
                "<button type='submit'>Autorizar</button></form></body></html>")
        return Response(page, mimetype="text/html")

    @bp.post("/oauth/token", endpoint="POST /oauth/token")
    def token() -> Response:
        with ctx.state.lock:
            ctx.state.token_calls += 1
        ctx.oauth.count_token_call()
        ctx.oauth.check_basic(request.headers.get("Authorization"))
        jwt = request.headers.get("enable-jwt", "").strip() == "1"
        return _json(ctx.oauth.exchange(request.form.to_dict(), jwt=jwt))

    @bp.post("/oauth/revoke", endpoint="POST /oauth/revoke")
    def revoke() -> Response:
        ctx.oauth.check_basic(request.headers.get("Authorization"))
        ctx.oauth.revoke(request.form.get("token", ""))
        return _json({})


def _json(payload: Any, status: int = 200) -> Response:
    return Response(json.dumps(payload, ensure_ascii=False), status=status, mimetype="application/json")


def _validate_body(template: str, method: str) -> None:
    raw = request.get_data(cache=True)
    if not raw.strip():
        raise E.BlingError(400, "MISSING_REQUIRED_FIELD_ERROR", "Nenhum dado foi informado na requisição.",
                           "Nenhum dado foi informado na requisição.")
    try:
        body = json.loads(raw)
    except ValueError:
        raise E.BlingError(400, "INVALID_REQUEST_BODY", "Corpo da requisição inválido.",
                           "O corpo da requisição não é um JSON válido.") from None
    errors = spec.body_errors(template, method, body)
    if errors:
        raise E.validation_error("Os dados enviados não respeitam o formato esperado.", *spec.error_fields(errors))
    g.body = body


def _url_too_long(ctx: Ctx) -> Response | None:
    """A request target over ~8 KB gets 414 (§11 row 7, LIVE: 200 ids fine, 300 ids refused).
    The body is the front server's page, not Bling's JSON (UNCONFIRMED)."""
    limit = int(ctx.config.traps.max_url_bytes or 0)
    target = request.environ.get("REQUEST_URI") or request.environ.get("RAW_URI") or request.full_path
    if limit and len(str(target).encode()) > limit:
        page = "<html><head><title>414 Request-URI Too Large</title></head><body><center><h1>414 " \
               "Request-URI Too Large</h1></center></body></html>"
        return Response(page, status=414, mimetype="text/html")
    return None


def _guard(ctx: Ctx) -> None:
    g.dropped = False
    endpoint = (request.endpoint or "").removeprefix("api.")
    if not endpoint or request.path.startswith(OAUTH_PREFIX):
        return
    ctx.faults.before()
    ctx.oauth.check_bearer(request.headers.get("Authorization"))
    ctx.limiter.take()
    method, _, template = endpoint.partition(" ")
    if method in ("POST", "PUT", "PATCH") and spec.has_body(template, method.lower()):
        _validate_body(template, method)


def _http_error(exc: HTTPException) -> Response:
    if exc.code == 404:
        return E.not_found().response()
    if exc.code == 405:
        return E.BlingError(405, "METHOD_NOT_ALLOWED", "Método não permitido.",
                            "O método HTTP não é aceito neste recurso.").response()
    return E.BlingError(exc.code or 500, "BAD_REQUEST", "Requisição inválida.",
                        "A requisição não pôde ser processada.").response()


def create_app(ctx: Ctx) -> Flask:
    app = Flask("pdv_bling.sandbox")
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    api = Blueprint("api", "pdv_bling.sandbox.api", url_prefix="/Api/v3")
    _oauth(api, ctx)
    routes_catalog.build(ctx).register(api)
    routes_orders.build(ctx).register(api)
    routes_nfce.build(ctx).register(api)
    routes_caixas.build(ctx).register(api)
    api.before_request(lambda: _guard(ctx))
    app.before_request(lambda: _url_too_long(ctx) if request.path.startswith("/Api/v3") else None)  # first
    account_knobs.install(app, api, ctx)
    app.register_blueprint(api)
    app.register_blueprint(control_blueprint(ctx))
    routes_nfce.install(app, ctx)
    app.register_error_handler(E.BlingError, lambda exc: exc.response())
    app.register_error_handler(HTTPException, _http_error)

    @app.after_request
    def record(resp: Response) -> Response:
        if request.path.startswith("/Api/v3"):
            endpoint = (request.endpoint or "").removeprefix("api.").partition(" ")[2] or request.path
            status: int | str = "dropped" if g.get("dropped") else resp.status_code
            ctx.state.record_request(method=request.method, endpoint=endpoint, status=status, path=request.path)
        return resp

    return app
