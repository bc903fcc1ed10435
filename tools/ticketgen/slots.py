"""Slot values: per-ticket random values for ``{slot}`` names, drawn on first use and cached.

Caching keeps a ticket consistent (one ``{product}``, one ``{first}`` name throughout), and
values that belong together are drawn together: ``ver_old``/``ver_new``; ``first``,
``fullname`` and ``email``; ``product``, ``pkg`` and ``dom``. ``ts<N>`` and friends are the
N-th of an increasing series of timestamps in several log formats; ``art_<name>`` is an
artifact from ``artifacts.yaml``.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from tools.ticketgen.data import Artifact, Language
from tools.ticketgen.minilang import render_artifact

REFERENCE_DAY = datetime(2024, 10, 21)  # "today" for dates and log timestamps in the tickets

# Fictional products, grouped by kind. Templates declare the kind they fit.
PRODUCTS = {
    "saas": ["Taskloom", "Ledgerly", "Planyard", "Formwise", "Metricly", "Shiftboard"],
    "bank": ["Brightbank", "Nuvo Bank", "Kontoro"],
    "store": ["Nordhaus Shop", "Pixel & Pine", "Casa Verde", "Trailnest Outdoor"],
    "vpn": ["TunnelFox VPN", "SafeHop VPN"],
    "crm": ["PipeCRM", "Clientora"],
    "db": ["StratoDB", "Quarry Cloud"],
    "game": ["Dragon Keep", "Pocket Raiders", "Merge Harbor"],
    "sync": ["DriftSync", "BoxNest"],
    "mail": ["Mailcrate", "Sendwell"],
}
ANY_KINDS = ["saas", "saas", "crm", "sync", "mail", "db", "store", "bank", "vpn", "game"]
DOMAIN_TLDS = [".io", ".com", ".app", ".cloud"]

PLANS = ["Starter", "Basic", "Team", "Pro", "Business", "Premium", "Growth", "Enterprise"]
IDPS = [
    "Okta", "Azure AD", "Microsoft Entra ID", "Google Workspace", "OneLogin", "JumpCloud",
    "Keycloak",
]  # fmt: skip
DESKTOP_OS = [
    "Windows 11", "Windows 10", "macOS Sonoma", "macOS 13.6", "macOS 14.5", "Ubuntu 22.04",
    "Fedora 40",
]  # fmt: skip
# Android only: always paired with {android}
PHONES = [
    "Pixel 7", "Pixel 8a", "Galaxy S23", "Galaxy A54", "Galaxy S21 FE", "Redmi Note 12",
    "OnePlus 11", "Moto G84", "Xperia 10 V", "Nothing Phone (2)",
]  # fmt: skip
REGIONS = [
    "eu-west-1", "eu-central-1", "us-east-1", "us-east-2", "us-west-2", "sa-east-1",
    "ap-southeast-2",
]  # fmt: skip
SCHEMAS = ["FINANCE", "ERP_PROD", "SALES", "DWH", "BILLING", "OPS"]
DB_NAMES = ["orders", "app_prod", "analytics", "crm_main", "shop", "ledger", "inventory"]
SERVICES = ["sync", "ingest", "billing", "notifier", "exporter", "webhooks", "reports"]
CUSTOMER_DOMAINS = [
    "hollowoak.co", "brightside-dental.com", "kessler-logistik.de", "nortecg.es",
    "atelier-lumen.fr", "vidaverde.com.br", "pinecrest.io", "bluefjord.no", "marlowlabs.com",
    "talleresruiz.es", "mobilis-consult.fr", "sertaodigital.com.br", "weberbau.de",
    "quaystone.co.uk",
]  # fmt: skip
TS_STYLES = ["%Y-%m-%d %H:%M:%S,{ms}", "%Y-%m-%dT%H:%M:%S.{ms}Z", "%Y-%m-%d %H:%M:%S"]
INDEXED_RE = re.compile(r"(ts|pgts|ngx|ln|hex|clock)(\d+)")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _ascii(text).lower())


class Slots:
    """One ticket's slot values; ``slots[name]`` draws a value on first use.

    Raises ``KeyError`` for a name that is no slot (``fill`` then leaves ``{name}`` as is).
    """

    def __init__(
        self, rng: random.Random, language: Language, kind: str, artifacts: dict[str, Artifact]
    ) -> None:
        self.rng = rng
        self.language = language
        self.kind = kind
        self.artifacts = artifacts
        self.filled: dict[str, str] = {}  # the values drawn so far, in order
        self.times: list[datetime] = []
        self.ts_style = rng.choice(TS_STYLES)

    def __getitem__(self, name: str) -> str:
        if name in self.filled:
            return self.filled[name]
        m = INDEXED_RE.fullmatch(name)
        if m:
            value = self._indexed(m.group(1), int(m.group(2)))
        elif name in ("ver_old", "ver_new"):
            self._ver_pair()
            return self.filled[name]
        elif name in ("first", "fullname", "email"):
            self._person()
            return self.filled[name]
        elif name in ("product", "pkg", "dom"):
            self._product()
            return self.filled[name]
        elif name.startswith("art_"):
            value = render_artifact(self.artifacts[name[4:]], self)
        else:
            value = GENERATORS[name](self)
        self.filled[name] = value
        return value

    def _time(self, idx: int) -> datetime:
        """The idx-th timestamp of the ticket: a random start, then increasing gaps."""
        rng = self.rng
        if not self.times:
            base = REFERENCE_DAY - timedelta(days=rng.randint(0, 21), seconds=rng.randint(0, 86399))
            self.times.append(base)
        while len(self.times) <= idx:
            gap = rng.choice([rng.uniform(0.01, 2.0), rng.uniform(1, 30), rng.uniform(20, 300)])
            self.times.append(self.times[-1] + timedelta(seconds=gap))
        return self.times[idx]

    def _indexed(self, base: str, idx: int) -> str:
        if base == "ts":
            t = self._time(idx)
            return t.strftime(self.ts_style).replace("{ms}", f"{t.microsecond // 1000:03d}")
        if base == "pgts":
            return self._time(idx).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3] + " UTC"
        if base == "ngx":
            return self._time(idx).strftime("%Y/%m/%d %H:%M:%S")
        if base == "clock":
            return self._time(idx).strftime("%H:%M:%S")
        if base == "ln":
            return str(self.rng.randint(18, 940))
        return f"0x0000000{self.rng.randint(0x100000000, 0x1FFFFFFFF):x}"  # hex

    def _ver_pair(self) -> None:
        rng = self.rng
        major = rng.choice([1, 2, 3, 3, 4, 5, 7, 12])
        minor = rng.randint(0, 9)
        old = (major, minor, rng.randint(0, 12))
        if rng.random() < 0.25:
            new = (major + 1, 0, rng.randint(0, 3))
        else:
            new = (major, minor + rng.randint(1, 3), rng.randint(0, 5))
        self.filled["ver_old"] = _dotted(*old)
        self.filled["ver_new"] = _dotted(*new)

    def _person(self) -> None:
        rng = self.rng
        first = rng.choice(self.language.first_names)
        last = rng.choice(self.language.last_names)
        self.filled["first"] = first
        self.filled["fullname"] = f"{first} {last}"
        custdom = self["custdom"]
        number = rng.randint(7, 99)
        regional = "gmx.de" if self.language.code == "de" else "hotmail.com"
        freemail = rng.choice(["gmail.com", "outlook.com", "yahoo.com", "proton.me", regional])
        self.filled["email"] = rng.choice(
            [
                f"{_slug(first)}.{_slug(last)}@{custdom}",
                f"{_slug(first)}{number}@{freemail}",
                f"{_slug(first)[0]}{_slug(last)}@{custdom}",
            ]
        )

    def _product(self) -> None:
        kind = self.kind if self.kind in PRODUCTS else self.rng.choice(ANY_KINDS)
        name = self.rng.choice(PRODUCTS[kind])
        self.filled["product"] = name
        for suffix in (" VPN", " Shop", " Cloud", " Bank"):
            name = name.replace(suffix, "")
        slug = _slug(name)
        self.filled["pkg"] = slug
        self.filled["dom"] = slug + DOMAIN_TLDS[sum(map(ord, slug)) % len(DOMAIN_TLDS)]


def _dotted(*parts: int) -> str:
    return ".".join(str(part) for part in parts)


def _money(s: Slots, lo: float, hi: float) -> str:
    rng = s.rng
    cents = [0.0, 0.99, 0.5, 0.9]
    value = rng.choice([rng.uniform(lo, hi), float(int(rng.uniform(lo, hi))) + rng.choice(cents)])
    if s.language.code == "en":
        return rng.choice(["$", "$", "$", "£"]) + f"{value:,.2f}"
    body = f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    if s.language.code == "pt":
        return rng.choice(["R$ " + body, "R$ " + body, body + " €"])
    return body + " €"


def _ordinal_suffix(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _days_ago(s: Slots, lo: int, hi: int) -> datetime:
    return REFERENCE_DAY - timedelta(days=s.rng.randint(lo, hi))


def _date(s: Slots, back_max: int = 40) -> str:
    """A date 2..back_max days before the reference day, written as people in s's language do."""
    d = _days_ago(s, 2, back_max)
    lang = s.language.code
    month = s.language.months[d.month - 1]
    if lang == "en":
        return s.rng.choice(
            [f"{month} {d.day}", f"{d.month}/{d.day}", f"the {d.day}{_ordinal_suffix(d.day)}"]
        )
    if lang == "de":
        return s.rng.choice([f"{d.day}. {month}", f"{d.day:02d}.{d.month:02d}."])
    if lang == "fr":
        return f"{'1er' if d.day == 1 else d.day} {month}"
    return s.rng.choice([f"{d.day} de {month}", f"{d.day:02d}/{d.month:02d}"])


def _other_than(s: Slots, name: str, pool: Sequence[str]) -> str:
    """A value from pool that differs from slot ``name``'s value."""
    taken = s[name]
    return s.rng.choice([p for p in pool if p != taken])


def _randint(lo: int, hi: int) -> Callable[[Slots], str]:
    return lambda s: str(s.rng.randint(lo, hi))


def _choice(pool: Sequence[object]) -> Callable[[Slots], str]:
    return lambda s: str(s.rng.choice(pool))


def _ip(first_octets: list[int]) -> Callable[[Slots], str]:
    def draw(s: Slots) -> str:
        r = s.rng
        return _dotted(
            r.choice(first_octets), r.randint(0, 255), r.randint(0, 255), r.randint(1, 254)
        )

    return draw


# Every other slot: name -> how its value is drawn. Values are drawn in template order, so
# the order of the draws inside one generator matters for reproducing tickets.jsonl.
GENERATORS: dict[str, Callable[[Slots], str]] = {
    "plan": lambda s: s.rng.choice(PLANS[:6]),
    "plan2": lambda s: _other_than(s, "plan", PLANS),
    "n": _randint(2, 12),
    "n2": lambda s: str(
        s.rng.choice([s.rng.randint(15, 90), s.rng.randint(100, 900), s.rng.randint(1000, 20000)])
    ),
    "n3": _randint(120, 4000),
    "seats": _choice([5, 8, 10, 12, 15, 20, 25, 40, 60]),
    "pct": _randint(12, 68),
    "amount": lambda s: _money(s, 9, 180),
    "amount2": lambda s: _money(s, 200, 1400),
    "date": lambda s: _date(s),
    "date2": lambda s: _date(s, 90),
    "month": lambda s: s.rng.choice(s.language.months[:9]),
    "weekday": lambda s: s.rng.choice(s.language.weekdays[:5]),
    "year": _randint(2016, 2022),
    "order": lambda s: s.rng.choice(["#", "", "#"]) + str(s.rng.randint(100000, 9999999)),
    "invoice": lambda s: f"INV-2024-{s.rng.randint(1000, 99999):05d}",
    "company": lambda s: s.rng.choice(s.language.companies),
    "custdom": _choice(CUSTOMER_DOMAINS),
    "last4": lambda s: f"{s.rng.randint(0, 9999):04d}",
    "ver": lambda s: _dotted(s.rng.randint(1, 9), s.rng.randint(0, 24), s.rng.randint(0, 15)),
    "app_ver": lambda s: _dotted(s.rng.randint(2, 8), s.rng.randint(0, 40), s.rng.randint(0, 9)),
    "os": _choice(DESKTOP_OS),
    "phone": _choice(PHONES),
    "android": lambda s: "Android " + str(s.rng.choice([12, 13, 14, 14, 15])),
    "ios": lambda s: "iOS " + s.rng.choice(["16.7", "17.4.1", "17.5", "17.6.1", "18.0"]),
    "idp": _choice(IDPS),
    "city": lambda s: s.rng.choice(s.language.cities),
    "country": lambda s: s.rng.choice(s.language.countries),
    "ip": _ip([10, 172, 185, 34, 52, 91]),
    "ip2": _ip([203, 77, 146, 18]),
    "port": _choice([3000, 5000, 8000, 8080, 8081, 8443, 9000, 4000]),
    "pid": _randint(1200, 48000),
    "pid2": _randint(1200, 48000),
    "tid": lambda s: f"{s.rng.randint(0x100, 0x3FFF):04X}",
    "cid": _randint(1000, 999999),
    "col": _randint(5, 60),
    "col2": _randint(5, 60),
    "reqid": lambda s: (
        f"{s.rng.getrandbits(32):08x}-{s.rng.getrandbits(16):04x}-{s.rng.getrandbits(16):04x}"
    ),
    "hexs": lambda s: f"{s.rng.getrandbits(48):012x}",
    "uid": lambda s: f"{s.rng.getrandbits(32):08x}",
    "jobid": lambda s: f"exp_{s.rng.randint(1, 999999):06d}",
    "region": _choice(REGIONS),
    "pyshort": _choice(["3.9", "3.10", "3.11", "3.12"]),
    "py_ver": lambda s: s["pyshort"] + "." + str(s.rng.randint(1, 12)),
    "node_ver": _choice(["v18.19.0", "v18.20.2", "v20.11.1", "v20.15.0", "v22.3.0"]),
    "java_ver": _choice(["11.0.22", "17.0.9", "17.0.11", "21.0.3"]),
    "pg_ver": _choice(["13.14", "14.11", "15.6", "16.2"]),
    "db_name": _choice(DB_NAMES),
    "schema": _choice(SCHEMAS),
    "dbhost": _choice(["ora-prd-01", "dbprod02.corp.local", "erpdb.intra", "ora19c-ha"]),
    "svcname": _choice(["ERPPRD", "ORCLPDB1", "FINPRD", "DWHP"]),
    "ns": _choice(["integrations", "prod", "platform", "tools"]),
    "svc": _choice(SERVICES),
    "bigrows": lambda s: f"{s.rng.randint(2, 40)},{s.rng.randint(100, 999)},000",
    "mb": _randint(40, 2600),
    "w1": _randint(1, 4),
    "w2": _randint(5, 8),
    "epoch": _randint(1704067200, 1729000000),
    "xid1": _randint(10_000_000, 99_999_999),
    "xid2": _randint(10_000_000, 99_999_999),
    "rows": _randint(200_000, 9_000_000),
    "removed": _randint(1_000_000, 40_000_000),
    "ms1": lambda s: f"{s.rng.uniform(800, 9000):.3f}",
    "ms2": lambda s: f"{s.rng.uniform(9000, 48000):.3f}",
    "envprefix": lambda s: s["pkg"].upper(),
    "sftp_host": lambda s: s.rng.choice(["sftp.", "files.", "edi."]) + s["custdom"],
    "yyyymmdd": lambda s: s["ts1"][:10].replace("-", ""),
    "amt": _randint(500, 90000),
    "vpnnode": _choice(
        ["de-fra-12", "nl-ams-07", "us-nyc-31", "br-sao-04", "es-mad-03", "fr-par-09", "uk-lon-22"]
    ),
    "selector": _choice(["s1", "mc1", "k2", "sw"]),
    "tenant": lambda s: f"t-{s.rng.getrandbits(24):06x}",
    "api_host": lambda s: "api." + s["dom"],
    "selfhost": lambda s: (
        s.rng.choice(["tasks.", "crm.", "app.", "portal.", "intranet."]) + s["custdom"]
    ),
    "user_id": _randint(10000, 999999),
    "hours": _choice(["2", "3", "4", "6", "12", "24", "48"]),
    "minutes": _choice([5, 10, 15, 20, 30, 45]),
    "gb": _choice([2, 4, 8, 16, 32, 64]),
    "mem": _choice(["256Mi", "512Mi", "768Mi", "1Gi"]),
    "mem2": _choice(["1536Mi", "2Gi", "3Gi", "4Gi"]),
    "xmx": _choice(["2g", "3g", "4g", "6g", "8g"]),
    "sdk": lambda s: s["pkg"] + s.rng.choice(["-sdk", "-client", "-node", "-api"]),
    "bankdom": _choice(
        ["secure-3ds.bancoexemplo.com", "acs.nordbank-verify.eu", "3ds.caixasol.es"]
    ),
    "iban4": lambda s: f"{s.rng.randint(0, 9999):04d}",
    "refcode": lambda s: (
        f"{s.rng.choice(['TRX', 'RF', 'SEPA', 'E2E'])}{s.rng.randint(0, 999999):06d}"
    ),
    "lvl": _randint(18, 240),
    "gems": _choice([80, 500, 1200, 2500, 6500]),
    "date_iso": lambda s: _days_ago(s, 2, 60).strftime("%Y-%m-%d"),
}
