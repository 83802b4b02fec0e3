"""The address of the person behind a request, for per-address limits, behind trusted proxies or not."""

import ipaddress

from django.conf import settings


def _ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request, trusted_proxies: int | None = None) -> str | None:
    """The client's IP address.

    With no trusted proxy (`settings.TRUSTED_PROXIES` = 0, the default) it is REMOTE_ADDR and
    X-Forwarded-For is never read: anyone can write that header. With N trusted proxies, each of which
    appends the address it received the request from, the client is the Nth address from the right
    of X-Forwarded-For; what is further left was written by the client and is ignored. A header
    shorter than N entries (a request that did not come through every proxy) or an entry that is not
    an IP address gives REMOTE_ADDR again.
    """
    proxies = settings.TRUSTED_PROXIES if trusted_proxies is None else trusted_proxies
    remote = _ip(request.META.get("REMOTE_ADDR") or "")
    if proxies <= 0:
        return remote
    # Several X-Forwarded-For headers arrive joined by commas (WSGI), in order: the list stays right.
    chain = [part for part in (request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",") if part.strip()]
    if len(chain) < proxies:
        return remote
    return _ip(chain[-proxies]) or remote


def network_of(address: str | None) -> str | None:
    """The address that stands for a whole sender in per-address limits.

    An IPv4 address is itself. An IPv6 address stands for its /64 network, written as the network's
    first address (`2001:db8:1:2::`): one home or phone is given a whole /64 and may pick any address
    in it, so counting single IPv6 addresses would count nothing. An IPv4 address written in IPv6
    (`::ffff:203.0.113.7`) is the IPv4 address.
    """
    if not address:
        return None
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def address_group(request) -> str | None:
    """`network_of(client_address(request))`: the sender a per-address limit counts (sign-in, inquiries)."""
    return network_of(client_address(request))
