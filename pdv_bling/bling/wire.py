"""Wire formats and list helpers: money, dates, pagination, date windows, repeated `[]` keys."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import quote

from pdv_bling.bling.http import BlingHttp, Params, data_of
from pdv_bling.bling.pacer import BLING_TZ

PAGE_SIZE = 100
MAX_WINDOW = timedelta(days=365)  # Bling answers 400 to period filters longer than one year
# Bling answers 414 when the URL grows past ~8 KB (200 product ids fine, 300 refused; field guide
# §11 row 7): a repeated `[]` list is split so each request's query stays under this.
MAX_QUERY_CHARS = 4000


def money(centavos: int) -> float:
    """Integer centavos -> Bling's float with 2 decimals."""
    return round(centavos / 100, 2)


def centavos(value: Any) -> int:
    """Bling's float (e.g. 49.9000015259) -> integer centavos."""
    return int(round(float(value or 0) * 100))


def fmt_date(value: date) -> str:
    return value.strftime("%Y-%m-%d")


def fmt_datetime(value: datetime) -> str:
    """`YYYY-MM-DD HH:MM:SS` in Bling's time zone (naive datetimes are refused)."""
    if value.tzinfo is None:
        raise ValueError("datetimes sent to Bling must be timezone-aware")
    return value.astimezone(BLING_TZ).strftime("%Y-%m-%d %H:%M:%S")


def parse_date(value: Any) -> date | None:
    """`YYYY-MM-DD` -> date; Bling's `0000-00-00` (unset) and blanks -> None."""
    if not value or not isinstance(value, str) or value.startswith("0000"):
        return None
    return date.fromisoformat(value[:10])


def array_param(name: str, values: Iterable[Any]) -> list[tuple[str, str]]:
    """Repeated bracketed keys: `name[]=a&name[]=b` (a dict would keep only one value)."""
    return [(f"{name}[]", str(v)) for v in values]


def array_batches(name: str, values: Iterable[Any], *, max_chars: int = MAX_QUERY_CHARS) -> Iterator[list[tuple[str, str]]]:
    """`array_param` split into batches whose encoded query stays under `max_chars` (414 otherwise)."""
    batch: list[tuple[str, str]] = []
    size = 0
    key = f"{name}[]"
    for value in values:
        cost = len(quote(key, safe="")) + len(quote(str(value), safe="")) + 2  # "=" and "&"
        if batch and size + cost > max_chars:
            yield batch
            batch, size = [], 0
        batch.append((key, str(value)))
        size += cost
    if batch:
        yield batch


def date_windows(start: datetime, end: datetime, *, span: timedelta = MAX_WINDOW) -> list[tuple[datetime, datetime]]:
    """Split [start, end] into consecutive windows no longer than `span` (both ends always sent)."""
    if end < start:
        raise ValueError("window end before start")
    windows: list[tuple[datetime, datetime]] = []
    cursor = start
    while True:
        stop = min(end, cursor + span)
        windows.append((cursor, stop))
        if stop >= end:
            return windows
        cursor = stop + timedelta(seconds=1)


def iter_pages(
    http: BlingHttp, path: str, params: Params = (), *, start_page: int = 1, limite: int = PAGE_SIZE
) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """Yield (pagina, items) until a page shorter than `limite` (there is no total count)."""
    page = start_page
    while True:
        query = [*params, ("pagina", page), ("limite", limite)]
        items = data_of(http.request("GET", path, params=query)) or []
        if not isinstance(items, list):  # e.g. /vendedores is declared as an object
            items = [items]
        yield page, items
        if len(items) < limite:
            return
        page += 1


def list_all(http: BlingHttp, path: str, params: Params = ()) -> list[dict[str, Any]]:
    return [item for _page, items in iter_pages(http, path, params) for item in items]


def id_of(value: Any) -> int | None:
    """`{"id": 5}` -> 5; absent, null or 0 -> None."""
    if isinstance(value, dict) and value.get("id"):
        return int(value["id"])
    return None
