"""The caller's address, for rate limits and logs."""

from __future__ import annotations

import functools
import ipaddress

from starlette.requests import Request

UNKNOWN = "unknown"


def client_address(request: Request) -> str:
    """The caller's IP address in its normal form (at most 39 characters), or ``"unknown"``.

    Behind a proxy, uvicorn's ``--proxy-headers`` puts ``X-Forwarded-For`` here, and that
    is text anyone can send: only what parses as an IP address is used, never the raw text.
    """
    host = request.client.host if request.client else None
    return parse_address(host) or UNKNOWN


# Every request logs its caller's address; a store's callers are a handful of addresses,
# and parsing one costs more than the rest of the log line.
@functools.lru_cache(maxsize=1024)
def parse_address(text: str | None) -> str | None:
    if not text or len(text) > 64:
        return None
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        if address.scope_id is not None:  # fe80::1%eth0: the zone is the receiver's detail, and free text
            address = ipaddress.IPv6Address(int(address))
    return str(address)
