"""Bling's error bodies (field guide section 4 and 2.7) as Flask responses.

Every non-2xx body is `{"error": {"type", "message", "description", "fields"?}}`; OAuth errors use
lowercase types. Codes marked UNCONFIRMED were not observed on a live account: they keep the
documented shape with a plausible code.
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify

VENDAS = "VENDAS"
MSG_VENDA = "Não foi possível salvar a venda"
DESC_VENDA = "A venda não pode ser salva, pois ocorreram problemas em sua validação."
MSG_VALIDATION = "Ocorreu um erro ao validar os dados recebidos."


class BlingError(Exception):
    """Raised inside handlers; rendered by the app's error handler."""

    def __init__(
        self,
        status: int,
        type_: str,
        message: str,
        description: str,
        *,
        fields: list[dict[str, Any]] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body: dict[str, Any] = {"type": type_, "message": message, "description": description}
        if fields is not None:
            self.body["fields"] = fields
        if extra:
            self.body.update(extra)

    def response(self) -> Response:
        resp = jsonify({"error": self.body})
        resp.status_code = self.status
        return resp


def field(code: int, msg: str, *, element: str | None = None, namespace: str = VENDAS,
          collection: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"code": code, "msg": msg}
    if element is not None:
        out["element"] = element
    out["namespace"] = namespace
    if collection is not None:
        out["collection"] = collection
    return out


def venda_error(*fields: dict[str, Any]) -> BlingError:
    return BlingError(400, "VALIDATION_ERROR", MSG_VENDA, DESC_VENDA, fields=list(fields))


def validation_error(description: str, *fields: dict[str, Any]) -> BlingError:
    return BlingError(400, "VALIDATION_ERROR", MSG_VALIDATION, description, fields=list(fields))


def not_found(description: str = "O recurso requisitado não foi encontrado.") -> BlingError:
    return BlingError(404, "RESOURCE_NOT_FOUND", "Recurso não encontrado", description)


def server_error(status: int = 500) -> BlingError:
    return BlingError(status, "SERVER_ERROR", "Um erro interno ocorreu.", "Um erro interno ocorreu.")


def too_many(period: str, limit: float) -> BlingError:
    if period == "day":
        desc = "O limite de requisições por dia foi atingido, tente novamente amanhã."
    else:
        desc = "O limite de requisições por segundo foi atingido, tente novamente mais tarde."
    lim: float = int(limit) if float(limit).is_integer() else limit
    return BlingError(429, "TOO_MANY_REQUESTS", "Limite de requisições atingido.", desc,
                      extra={"limit": lim, "period": period})


def oauth_error(status: int, type_: str, message: str, description: str) -> BlingError:
    return BlingError(status, type_, message, description)
