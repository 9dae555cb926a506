"""Address checks: what is refused is decided on the resolved IP addresses, and loopback and private ranges need a flag."""

import pytest

from newsfuse.fetch.urls import AddressPolicy, address_kind, address_problem, looks_like_url, scheme_problem


@pytest.mark.parametrize("address, kind", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.10", "private"),
    ("172.16.5.4", "private"), ("169.254.169.254", "metadata"), ("169.254.1.1", "link-local"), ("fe80::1", "link-local"),
    ("224.0.0.251", "multicast"), ("ff02::1", "multicast"), ("0.0.0.0", "unspecified"),
    ("::ffff:127.0.0.1", "loopback"), ("100.64.0.1", "private"), ("::ffff:10.0.0.1", "private"), ("fd00::5", "private"), ("::", "unspecified"), ("fc00::1", "private"),
    ("93.184.216.34", None), ("2606:2800:220:1:248:1893:25c8:1946", None),
])
def test_address_kinds(address, kind):
    assert address_kind(address) == kind


def resolver(table):
    def resolve(host, port):
        if host not in table:
            raise OSError("Name or service not known")
        return table[host]
    return resolve


def test_a_public_name_that_resolves_to_a_private_address_is_refused():
    resolve = resolver({"intranet.example": ["10.0.0.5"], "news.example": ["93.184.216.34"],
                        "mixed.example": ["93.184.216.34", "127.0.0.1"]})
    assert address_problem("http://news.example/a", AddressPolicy(), resolve) is None
    assert address_problem("http://intranet.example/a", AddressPolicy(), resolve) == (
        "refused: intranet.example resolves to 10.0.0.5, a private address (fetched only with --allow-private)")
    assert "loopback" in address_problem("https://mixed.example/", AddressPolicy(), resolve)
    assert address_problem("http://[::1]:8080/", AddressPolicy(), resolve) == (
        "refused: ::1 is a loopback address (fetched only with --allow-loopback)")
    assert address_problem("http://nowhere.example/", AddressPolicy(), resolve) == (
        "cannot resolve host 'nowhere.example': Name or service not known")


def test_each_flag_allows_its_own_range_only_and_metadata_never():
    loopback, private = AddressPolicy(allow_loopback=True), AddressPolicy(allow_private=True)
    assert loopback.problem("127.0.0.1", "127.0.0.1") is None
    assert loopback.problem("10.0.0.1", "10.0.0.1").startswith("refused: 10.0.0.1 is a private address")
    assert private.problem("192.168.1.1", "router.lan") is None
    assert private.problem("127.0.0.1", "127.0.0.1").endswith("(fetched only with --allow-loopback)")
    everything = AddressPolicy(allow_loopback=True, allow_private=True)
    for address in ("169.254.169.254", "0.0.0.0", "::", "fe80::1", "224.0.0.1", "::ffff:169.254.169.254"):
        assert everything.problem(address, address).endswith("(never fetched)"), address


def test_what_counts_as_a_url(tmp_path):
    assert looks_like_url("https://example.org/feed.xml")
    assert looks_like_url("file:///etc/passwd")
    assert looks_like_url("javascript:alert(1)")
    assert not looks_like_url("reports/kosovo.txt")
    assert not looks_like_url("C:\\reports\\kosovo.txt")
    odd = tmp_path / "note:2023.txt"
    odd.write_text("x")
    assert not looks_like_url(str(odd)) and not looks_like_url("note:2023.txt")


def test_scheme_problems():
    assert scheme_problem("https://example.org/") is None
    assert scheme_problem("file:///etc/passwd") == "unsupported URL scheme 'file'"
    assert scheme_problem("example.org/feed") == "not a URL (it has no http:// or https://)"
    assert scheme_problem("http:///nohost") == "invalid URL: no host"
