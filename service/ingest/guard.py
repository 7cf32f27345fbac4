"""No fetching of internal addresses: every connection goes to an address checked here.

The check runs where the socket is opened (an httpcore network backend), on the addresses the
name resolves to, and the connection is made to the checked address itself: a name that
resolves to a public address for a check and to 127.0.0.1 for the connect (DNS rebinding) gets
nowhere, and every redirect hop passes the same door. TLS still verifies the host name, because
httpcore hands the name, not the address, to the TLS handshake.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable

import httpcore
import httpx
from httpcore._backends.sync import SyncBackend

from ..errors import FetchError, UrlRefusedError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class AddressPolicy:
    """Public addresses only, unless private ones are allowed (all, or the listed networks)."""

    def __init__(self, allow_private: bool = False, allowed: Iterable[str] = ()) -> None:
        self.allow_private = allow_private
        self.allowed: tuple[Network, ...] = tuple(ipaddress.ip_network(n) for n in allowed)

    def refusal(self, address: str) -> str | None:
        """Why `address` may not be reached, or None when it may."""
        ip: Address = ipaddress.ip_address(address.split("%", 1)[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if ip.is_global and not ip.is_multicast:
            return None
        if self.allow_private or any(ip in network for network in self.allowed):
            return None
        kind = next((name for name, flag in (
            ("loopback", ip.is_loopback), ("link-local", ip.is_link_local),
            ("multicast", ip.is_multicast), ("unspecified", ip.is_unspecified),
            ("private", ip.is_private), ("reserved", ip.is_reserved)) if flag), "non-public")
        return f"{address}, a {kind} address: refused (BRIEFING_ALLOW_PRIVATE_URLS=true allows it)"

    def resolve(self, host: str, port: int) -> list[str]:
        """The checked addresses of `host`; refused when any of them is internal."""
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchError(f"{host}: cannot be resolved ({exc})") from None
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        for address in addresses:
            why = self.refusal(address)
            if why:
                raise UrlRefusedError(f"{host} resolves to {why}")
        return addresses


class GuardedBackend(SyncBackend):
    """httpcore's socket backend, connecting only to addresses the policy accepts."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None) -> httpcore.NetworkStream:
        last: Exception | None = None
        for address in self.policy.resolve(host, port):
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:  # try the name's next address
                last = exc
        raise last or httpcore.ConnectError(f"{host}: no address to connect to")


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with its connection pool on the guarded backend; no proxies from the
    environment (a proxy would make the proxy, not the page, the address checked)."""

    def __init__(self, policy: AddressPolicy, limits: httpx.Limits) -> None:
        super().__init__(trust_env=False, limits=limits)
        self._pool = httpcore.ConnectionPool(  # httpx builds the same pool, minus the backend
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(policy))
