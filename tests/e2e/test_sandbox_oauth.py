"""OAuth as Bling does it, over real HTTP to the stand-in (field guide section 2)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from pdv_bling.sandbox import SandboxServer

pytestmark = pytest.mark.e2e


def _token(sb: SandboxServer, **form: str) -> httpx.Response:
    return httpx.post(f"{sb.base_url}/oauth/token", data=form, auth=(sb.client_id, sb.client_secret))


def _authorize(sb: SandboxServer, state: str = "xyz") -> dict[str, list[str]]:
    resp = httpx.get(f"{sb.base_url}/oauth/authorize", params={
        "response_type": "code", "client_id": sb.client_id, "state": state,
        "redirect_uri": "http://evil.example/steal"})
    assert resp.status_code == 302
    target = urlsplit(resp.headers["location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == sb.config.redirect_uri  # registered one
    return parse_qs(target.query)


def test_demo_authorize_redirects_with_code_and_state(make_sandbox: Callable[..., SandboxServer]) -> None:
    sb = make_sandbox(demo_auto_approve=True)
    query = _authorize(sb, "s-123")
    assert query["state"] == ["s-123"] and query["code"][0]
    pair = _token(sb, grant_type="authorization_code", code=query["code"][0]).json()
    assert pair["token_type"] == "Bearer" and pair["expires_in"] == 21600 and pair["refresh_token"]
    ok = httpx.get(f"{sb.base_url}/produtos", headers={"Authorization": f"Bearer {pair['access_token']}"})
    assert ok.status_code == 200


def test_authorize_page_needs_a_click_outside_demo(sandbox: SandboxServer) -> None:
    page = httpx.get(f"{sandbox.base_url}/oauth/authorize",
                     params={"response_type": "code", "client_id": sandbox.client_id, "state": "a"})
    assert page.status_code == 200 and "Autorizar" in page.text
    click = httpx.post(f"{sandbox.base_url}/oauth/authorize",
                       data={"response_type": "code", "client_id": sandbox.client_id, "state": "a"})
    assert click.status_code == 302 and "code=" in click.headers["location"]


def test_token_requires_basic_auth(sandbox: SandboxServer) -> None:
    code = sandbox.new_authorization_code()
    body = {"grant_type": "authorization_code", "code": code, "client_id": sandbox.client_id,
            "client_secret": sandbox.client_secret}
    resp = httpx.post(f"{sandbox.base_url}/oauth/token", data=body)
    assert resp.status_code == 401 and resp.json()["error"]["type"] == "invalid_client"
    wrong = httpx.post(f"{sandbox.base_url}/oauth/token", data=body, auth=(sandbox.client_id, "nope"))
    assert wrong.json()["error"]["type"] == "invalid_client"


def test_code_expires_after_60_s(sandbox: SandboxServer) -> None:
    code = sandbox.new_authorization_code()
    sandbox.advance_clock(61)
    resp = _token(sandbox, grant_type="authorization_code", code=code)
    assert resp.status_code == 400
    assert resp.json()["error"] == {"type": "invalid_grant", "message": "invalid_grant",
                                    "description": "The authorization code has expired"}


def test_code_reuse_revokes_the_user(sandbox: SandboxServer) -> None:
    code = sandbox.new_authorization_code()
    pair = _token(sandbox, grant_type="authorization_code", code=code).json()
    again = _token(sandbox, grant_type="authorization_code", code=code)
    assert again.status_code == 400 and "already been used" in again.json()["error"]["description"]
    assert _token(sandbox, grant_type="refresh_token", refresh_token=pair["refresh_token"]).status_code == 400
    dead = httpx.get(f"{sandbox.base_url}/produtos", headers={"Authorization": f"Bearer {pair['access_token']}"})
    assert dead.status_code == 401


def test_refresh_rotates_and_old_token_dies(sandbox: SandboxServer) -> None:
    first = sandbox.issue_tokens()
    second = _token(sandbox, grant_type="refresh_token", refresh_token=first["refresh_token"]).json()
    assert second["refresh_token"] != first["refresh_token"]
    loser = _token(sandbox, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert loser.status_code == 400 and loser.json()["error"]["type"] == "invalid_grant"


def test_access_token_expiry_and_bad_headers(make_sandbox: Callable[..., SandboxServer]) -> None:
    sb = make_sandbox(access_token_ttl=100)
    token = sb.issue_tokens()["access_token"]
    sb.advance_clock(101)
    expired = httpx.get(f"{sb.base_url}/produtos", headers={"Authorization": f"Bearer {token}"})
    assert expired.status_code == 401
    assert expired.json()["error"]["description"] == "The access token provided has expired"
    bogus = httpx.get(f"{sb.base_url}/produtos", headers={"Authorization": "Bearer nope"})
    assert bogus.json()["error"]["description"] == "The access token provided is invalid"
    malformed = httpx.get(f"{sb.base_url}/produtos", headers={"Authorization": "Token"})
    assert malformed.status_code == 400 and malformed.json()["error"]["type"] == "invalid_request"


def test_revoke_kills_the_token(sandbox: SandboxServer) -> None:
    token = sandbox.issue_tokens()["access_token"]
    resp = httpx.post(f"{sandbox.base_url}/oauth/revoke", data={"token": token},
                      auth=(sandbox.client_id, sandbox.client_secret))
    assert resp.status_code == 200
    assert httpx.get(f"{sandbox.base_url}/produtos", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_more_than_20_token_calls_in_60_s_block_the_ip(sandbox: SandboxServer) -> None:
    statuses = [_token(sandbox, grant_type="refresh_token", refresh_token="x").status_code for _ in range(21)]
    assert statuses[:20] == [400] * 20 and statuses[20] == 429
    sandbox.advance_clock(30 * 60)
    assert _token(sandbox, grant_type="refresh_token", refresh_token="x").status_code == 429
    sandbox.advance_clock(31 * 60)
    assert _token(sandbox, grant_type="refresh_token", refresh_token="x").status_code == 400
    assert httpx.get(f"{sandbox.control_url}/inspect").json()["requests"]["token_calls"] == 23
