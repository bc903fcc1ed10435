#!/usr/bin/env python3
"""Build the tier-labelled support-ticket training set for tierroute.

Usage (from the repository root):

    python classifiers/data/build_tickets.py

Writes ``classifiers/data/tickets.jsonl`` next to this script: one JSON object
per line, ``{"text": ..., "tier": "small"|"mid"|"reasoning", "lang": ...}``.

All ticket texts are composed from hand-written templates in this file
(English, German, Spanish, French, Portuguese) plus randomly drawn slot values
(product names, versions, timestamps, amounts, ...). Generation uses a single
``random.Random(SEED)`` so the output is byte-for-byte identical on every run.

Tier definitions the classifier should learn:

* small     - FAQ-style billing / account / how-to question, usually one ask.
* mid       - product-behaviour question that needs some reasoning about how
              the product works (interactions, limitations, plan fit), no logs.
* reasoning - multi-step debugging: traces, logs, configs, error codes,
              upgrades, several failed attempts, repro steps, several asks.

Template mini-language:

* ``{slot}``        replaced by a per-ticket slot value (see ``Slots``); unknown
                    names are left untouched so code snippets survive.
* ``{?a|b|c}``      one alternative chosen at random (may contain ``{slot}``).
* ``{art_name}``    an artifact (stack trace, log, config) from ``ART``.
"""
from __future__ import annotations

import json
import random
import re
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path

SEED = 20240917
OUT_PATH = Path(__file__).resolve().parent / "tickets.jsonl"
REFERENCE_DAY = datetime(2024, 10, 21)  # "today" for dates and log timestamps in the tickets

# Tickets per language and tier (total 694: 50.4% en; 40/30/30 in each language).
TARGETS = {
    "en": {"small": 140, "mid": 105, "reasoning": 105},
    "de": {"small": 34, "mid": 26, "reasoning": 26},
    "es": {"small": 34, "mid": 26, "reasoning": 26},
    "fr": {"small": 34, "mid": 26, "reasoning": 26},
    "pt": {"small": 34, "mid": 26, "reasoning": 26},
}
TIERS = ("small", "mid", "reasoning")
LANGS = ("en", "de", "es", "fr", "pt")

# --------------------------------------------------------------------------
# Fictional products, grouped by kind.  Templates declare the kind they fit.
# --------------------------------------------------------------------------
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
IDPS = ["Okta", "Azure AD", "Microsoft Entra ID", "Google Workspace", "OneLogin", "JumpCloud", "Keycloak"]
DESKTOP_OS = ["Windows 11", "Windows 10", "macOS Sonoma", "macOS 13.6", "macOS 14.5", "Ubuntu 22.04", "Fedora 40"]
PHONES = ["Pixel 7", "Pixel 8a", "Galaxy S23", "Galaxy A54", "Galaxy S21 FE", "Redmi Note 12", "OnePlus 11",
          "Moto G84", "Xperia 10 V", "Nothing Phone (2)"]  # Android only: always paired with {android}
REGIONS = ["eu-west-1", "eu-central-1", "us-east-1", "us-east-2", "us-west-2", "sa-east-1", "ap-southeast-2"]
SCHEMAS = ["FINANCE", "ERP_PROD", "SALES", "DWH", "BILLING", "OPS"]
DB_NAMES = ["orders", "app_prod", "analytics", "crm_main", "shop", "ledger", "inventory"]
SERVICES = ["sync", "ingest", "billing", "notifier", "exporter", "webhooks", "reports"]
CUSTOMER_DOMAINS = ["hollowoak.co", "brightside-dental.com", "kessler-logistik.de", "nortecg.es", "atelier-lumen.fr",
                    "vidaverde.com.br", "pinecrest.io", "bluefjord.no", "marlowlabs.com", "talleresruiz.es",
                    "mobilis-consult.fr", "sertaodigital.com.br", "weberbau.de", "quaystone.co.uk"]

NAMES = {
    "en": (["Sarah", "Mike", "Priya", "Tom", "Emily", "Jason", "Aisha", "Daniel", "Laura", "Kevin", "Grace", "Omar",
            "Rachel", "Chris", "Hannah", "Luis", "Mei", "Ben", "Olivia", "Sam", "Natalie", "Derek", "Fatima", "Ryan"],
           ["Carter", "Nguyen", "Patel", "O'Brien", "Walsh", "Morgan", "Hughes", "Kim", "Bennett", "Foster", "Reyes",
            "Coleman", "Brooks", "Singh", "Turner", "Murphy"]),
    "de": (["Jonas", "Katrin", "Lukas", "Sabine", "Felix", "Anna", "Matthias", "Julia", "Stefan", "Lena", "Tobias",
            "Miriam", "Jörg", "Heike", "Florian", "Nadine"],
           ["Müller", "Schmidt", "Weber", "Becker", "Hoffmann", "Schäfer", "Koch", "Richter", "Wagner", "Krüger",
            "Neumann", "Zimmermann"]),
    "es": (["Lucía", "Javier", "María", "Carlos", "Sofía", "Alejandro", "Paula", "Diego", "Carmen", "Andrés",
            "Valentina", "Mateo", "Nuria", "Raúl", "Elena", "Iker"],
           ["García", "Fernández", "López", "Martínez", "Sánchez", "Romero", "Torres", "Navarro", "Ruiz", "Castillo",
            "Ortega", "Vidal"]),
    "fr": (["Camille", "Julien", "Élodie", "Thomas", "Chloé", "Nicolas", "Manon", "Antoine", "Léa", "Mathieu",
            "Sophie", "Hugo", "Margaux", "Benoît", "Inès", "Yannick"],
           ["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Laurent", "Girard", "Fontaine", "Rousseau",
            "Mercier", "Perrin", "Chevalier"]),
    "pt": (["João", "Ana", "Pedro", "Mariana", "Lucas", "Beatriz", "Rafael", "Camila", "Gabriel", "Fernanda",
            "Thiago", "Juliana", "Letícia", "Bruno", "Renata", "Caio"],
           ["Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Rodrigues", "Almeida", "Carvalho",
            "Ferreira", "Ribeiro", "Barbosa"]),
}
COMPANIES = {
    "en": ["Hollow Oak Studio", "Brightside Dental", "Pinecrest Analytics", "Marlow Labs", "Quaystone Ltd",
           "Redfern Logistics", "Little Harbor Bakery", "Summit Ridge Accounting"],
    "de": ["Kessler Logistik GmbH", "Weberbau GmbH & Co. KG", "Praxis Dr. Neumann", "Holzwerk Krüger",
           "Steuerkanzlei Richter", "Brunnen Apotheke"],
    "es": ["Norte Consultores", "Talleres Ruiz S.L.", "Clínica Dental Sonrisa", "Grupo Alameda", "Librería Castillo",
           "Transportes Navarro"],
    "fr": ["Atelier Lumen", "Mobilis Conseil", "Boulangerie Perrin", "Cabinet Fontaine", "Transports Mercier SARL",
           "Agence Pixel Bleu"],
    "pt": ["Vida Verde Ltda", "Sertão Digital", "Padaria Santa Clara", "Almeida & Costa Advogados",
           "Construtora Ribeiro", "Clínica Bem Estar"],
}
MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
           "novembro", "dezembro"],
}
WEEKDAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
    "es": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "pt": ["segunda", "terça", "quarta", "quinta", "sexta", "sábado", "domingo"],
}
CITIES = {
    "en": ["Denver", "Manchester", "Toronto", "Sydney", "Austin", "Dublin", "Singapore", "Cape Town", "Seattle"],
    "de": ["Hamburg", "München", "Köln", "Leipzig", "Wien", "Zürich", "Stuttgart", "Bremen"],
    "es": ["Madrid", "Sevilla", "Bilbao", "Valencia", "Ciudad de México", "Bogotá", "Buenos Aires", "Lima"],
    "fr": ["Lyon", "Nantes", "Lille", "Bordeaux", "Montréal", "Bruxelles", "Genève", "Toulouse"],
    "pt": ["São Paulo", "Recife", "Curitiba", "Belo Horizonte", "Porto Alegre", "Lisboa", "Porto", "Fortaleza"],
}
COUNTRIES = {
    "en": ["Canada", "Ireland", "Australia", "Mexico", "Norway", "Japan", "New Zealand", "Switzerland"],
    "de": ["in die Schweiz", "nach Österreich", "nach Norwegen", "nach Großbritannien", "nach Liechtenstein"],
    "es": ["México", "Chile", "Portugal", "Andorra", "Colombia", "Canarias"],
    "fr": ["la Suisse", "la Belgique", "le Canada", "la Réunion", "le Maroc"],
    "pt": ["para Portugal", "para Angola", "para os Estados Unidos", "para a Argentina", "para o Chile"],
}


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _ascii(text).lower())


def _money(rng: random.Random, lang: str, lo: float, hi: float) -> str:
    value = rng.choice([rng.uniform(lo, hi), float(int(rng.uniform(lo, hi))) + rng.choice([0.0, 0.99, 0.5, 0.9])])
    if lang == "en":
        return rng.choice(["$", "$", "$", "£"]) + f"{value:,.2f}"
    body = f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    if lang == "pt":
        return rng.choice(["R$ " + body, "R$ " + body, body + " €"])
    return body + " €"


class Slots(dict):
    """Per-ticket slot values, generated lazily and cached so they stay consistent."""

    def __init__(self, rng: random.Random, lang: str, kind: str):
        super().__init__()
        self.rng = rng
        self.lang = lang
        self.kind = kind
        self.times: list[datetime] = []
        self.ts_style = rng.choice(["%Y-%m-%d %H:%M:%S,{ms}", "%Y-%m-%dT%H:%M:%S.{ms}Z", "%Y-%m-%d %H:%M:%S"])

    # -- helpers ---------------------------------------------------------
    def _time(self, idx: int) -> datetime:
        rng = self.rng
        if not self.times:
            base = REFERENCE_DAY - timedelta(days=rng.randint(0, 21), seconds=rng.randint(0, 86399))
            self.times.append(base)
        while len(self.times) <= idx:
            self.times.append(self.times[-1] + timedelta(seconds=rng.choice(
                [rng.uniform(0.01, 2.0), rng.uniform(1, 30), rng.uniform(20, 300)])))
        return self.times[idx]

    def _ver_pair(self):
        rng = self.rng
        major = rng.choice([1, 2, 3, 3, 4, 5, 7, 12])
        minor = rng.randint(0, 9)
        old = (major, minor, rng.randint(0, 12))
        if rng.random() < 0.25:
            new = (major + 1, 0, rng.randint(0, 3))
        else:
            new = (major, minor + rng.randint(1, 3), rng.randint(0, 5))
        self["ver_old"] = "%d.%d.%d" % old
        self["ver_new"] = "%d.%d.%d" % new

    def _person(self):
        firsts, lasts = NAMES[self.lang]
        first = self.rng.choice(firsts)
        last = self.rng.choice(lasts)
        self["first"] = first
        self["fullname"] = f"{first} {last}"
        self["email"] = self.rng.choice([
            f"{_slug(first)}.{_slug(last)}@{self['custdom']}",
            f"{_slug(first)}{self.rng.randint(7, 99)}@{self.rng.choice(['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'gmx.de' if self.lang == 'de' else 'hotmail.com'])}",
            f"{_slug(first)[0]}{_slug(last)}@{self['custdom']}",
        ])

    def _product(self):
        kind = self.kind if self.kind in PRODUCTS else self.rng.choice(ANY_KINDS)
        name = self.rng.choice(PRODUCTS[kind])
        self["product"] = name
        slug = _slug(name.replace(" VPN", "").replace(" Shop", "").replace(" Cloud", "").replace(" Bank", ""))
        self["pkg"] = slug
        self["dom"] = slug + DOMAIN_TLDS[sum(map(ord, slug)) % len(DOMAIN_TLDS)]

    def __missing__(self, key: str):
        rng = self.rng
        m = re.fullmatch(r"(ts|pgts|ngx|ln|hex|clock)(\d+)", key)
        if m:
            base, idx = m.group(1), int(m.group(2))
            if base == "ts":
                t = self._time(idx)
                val = t.strftime(self.ts_style).replace("{ms}", "%03d" % (t.microsecond // 1000))
            elif base == "pgts":
                val = self._time(idx).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3] + " UTC"
            elif base == "ngx":
                val = self._time(idx).strftime("%Y/%m/%d %H:%M:%S")
            elif base == "clock":
                val = self._time(idx).strftime("%H:%M:%S")
            elif base == "ln":
                val = str(rng.randint(18, 940))
            else:
                val = "0x0000000%x" % rng.randint(0x100000000, 0x1ffffffff)
            self[key] = val
            return val
        if key in ("ver_old", "ver_new"):
            self._ver_pair()
            return self[key]
        if key in ("first", "fullname", "email"):
            self._person()
            return self[key]
        if key in ("product", "pkg", "dom"):
            self._product()
            return self[key]
        if key.startswith("art_"):
            val = render_artifact(key[4:], self)
            self[key] = val
            return val
        gen = GENERATORS.get(key)
        if gen is None:
            raise KeyError(key)
        val = gen(self)
        self[key] = val
        return val


def _pick_distinct(s: Slots, key_other: str, pool):
    other = s[key_other]
    return s.rng.choice([p for p in pool if p != other])


def _date(s: Slots, back_max: int = 40) -> str:
    d = REFERENCE_DAY - timedelta(days=s.rng.randint(2, back_max))
    lang = s.lang
    month = MONTHS[lang][d.month - 1]
    if lang == "en":
        return s.rng.choice([f"{month} {d.day}", f"{d.month}/{d.day}", f"the {d.day}{_ord(d.day)}"])
    if lang == "de":
        return s.rng.choice([f"{d.day}. {month}", f"{d.day:02d}.{d.month:02d}."])
    if lang == "fr":
        return f"{'1er' if d.day == 1 else d.day} {month}"
    return s.rng.choice([f"{d.day} de {month}", f"{d.day:02d}/{d.month:02d}"])


def _ord(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


GENERATORS = {
    "plan": lambda s: s.rng.choice(PLANS[:6]),
    "plan2": lambda s: _pick_distinct(s, "plan", PLANS),
    "n": lambda s: s.rng.randint(2, 12),
    "n2": lambda s: s.rng.choice([s.rng.randint(15, 90), s.rng.randint(100, 900), s.rng.randint(1000, 20000)]),
    "n3": lambda s: s.rng.randint(120, 4000),
    "seats": lambda s: s.rng.choice([5, 8, 10, 12, 15, 20, 25, 40, 60]),
    "pct": lambda s: s.rng.randint(12, 68),
    "amount": lambda s: _money(s.rng, s.lang, 9, 180),
    "amount2": lambda s: _money(s.rng, s.lang, 200, 1400),
    "date": lambda s: _date(s),
    "date2": lambda s: _date(s, 90),
    "month": lambda s: s.rng.choice(MONTHS[s.lang][:9]),
    "weekday": lambda s: s.rng.choice(WEEKDAYS[s.lang][:5]),
    "year": lambda s: str(s.rng.randint(2016, 2022)),
    "order": lambda s: s.rng.choice(["#", "", "#"]) + str(s.rng.randint(100000, 9999999)),
    "invoice": lambda s: f"INV-2024-{s.rng.randint(1000, 99999):05d}",
    "company": lambda s: s.rng.choice(COMPANIES[s.lang]),
    "custdom": lambda s: s.rng.choice(CUSTOMER_DOMAINS),
    "last4": lambda s: "%04d" % s.rng.randint(0, 9999),
    "ver": lambda s: "%d.%d.%d" % (s.rng.randint(1, 9), s.rng.randint(0, 24), s.rng.randint(0, 15)),
    "app_ver": lambda s: "%d.%d.%d" % (s.rng.randint(2, 8), s.rng.randint(0, 40), s.rng.randint(0, 9)),
    "os": lambda s: s.rng.choice(DESKTOP_OS),
    "phone": lambda s: s.rng.choice(PHONES),
    "android": lambda s: "Android " + str(s.rng.choice([12, 13, 14, 14, 15])),
    "ios": lambda s: "iOS " + s.rng.choice(["16.7", "17.4.1", "17.5", "17.6.1", "18.0"]),
    "idp": lambda s: s.rng.choice(IDPS),
    "city": lambda s: s.rng.choice(CITIES[s.lang]),
    "country": lambda s: s.rng.choice(COUNTRIES[s.lang]),
    "ip": lambda s: "%d.%d.%d.%d" % (s.rng.choice([10, 172, 185, 34, 52, 91]), s.rng.randint(0, 255),
                                     s.rng.randint(0, 255), s.rng.randint(1, 254)),
    "ip2": lambda s: "%d.%d.%d.%d" % (s.rng.choice([203, 77, 146, 18]), s.rng.randint(0, 255),
                                      s.rng.randint(0, 255), s.rng.randint(1, 254)),
    "port": lambda s: str(s.rng.choice([3000, 5000, 8000, 8080, 8081, 8443, 9000, 4000])),
    "pid": lambda s: str(s.rng.randint(1200, 48000)),
    "pid2": lambda s: str(s.rng.randint(1200, 48000)),
    "tid": lambda s: "%04X" % s.rng.randint(0x100, 0x3FFF),
    "cid": lambda s: str(s.rng.randint(1000, 999999)),
    "col": lambda s: str(s.rng.randint(5, 60)),
    "col2": lambda s: str(s.rng.randint(5, 60)),
    "reqid": lambda s: "%08x-%04x-%04x" % (s.rng.getrandbits(32), s.rng.getrandbits(16), s.rng.getrandbits(16)),
    "hexs": lambda s: "%012x" % s.rng.getrandbits(48),
    "uid": lambda s: "%08x" % s.rng.getrandbits(32),
    "jobid": lambda s: "exp_%06d" % s.rng.randint(1, 999999),
    "region": lambda s: s.rng.choice(REGIONS),
    "pyshort": lambda s: s.rng.choice(["3.9", "3.10", "3.11", "3.12"]),
    "py_ver": lambda s: s["pyshort"] + "." + str(s.rng.randint(1, 12)),
    "node_ver": lambda s: s.rng.choice(["v18.19.0", "v18.20.2", "v20.11.1", "v20.15.0", "v22.3.0"]),
    "java_ver": lambda s: s.rng.choice(["11.0.22", "17.0.9", "17.0.11", "21.0.3"]),
    "pg_ver": lambda s: s.rng.choice(["13.14", "14.11", "15.6", "16.2"]),
    "db_name": lambda s: s.rng.choice(DB_NAMES),
    "schema": lambda s: s.rng.choice(SCHEMAS),
    "dbhost": lambda s: s.rng.choice(["ora-prd-01", "dbprod02.corp.local", "erpdb.intra", "ora19c-ha"]),
    "svcname": lambda s: s.rng.choice(["ERPPRD", "ORCLPDB1", "FINPRD", "DWHP"]),
    "ns": lambda s: s.rng.choice(["integrations", "prod", "platform", "tools"]),
    "svc": lambda s: s.rng.choice(SERVICES),
    "bigrows": lambda s: f"{s.rng.randint(2, 40)},{s.rng.randint(100, 999)},000",
    "mb": lambda s: str(s.rng.randint(40, 2600)),
    "w1": lambda s: str(s.rng.randint(1, 4)),
    "w2": lambda s: str(s.rng.randint(5, 8)),
    "epoch": lambda s: str(s.rng.randint(1704067200, 1729000000)),
    "xid1": lambda s: str(s.rng.randint(10_000_000, 99_999_999)),
    "xid2": lambda s: str(s.rng.randint(10_000_000, 99_999_999)),
    "rows": lambda s: str(s.rng.randint(200_000, 9_000_000)),
    "removed": lambda s: str(s.rng.randint(1_000_000, 40_000_000)),
    "ms1": lambda s: "%.3f" % s.rng.uniform(800, 9000),
    "ms2": lambda s: "%.3f" % s.rng.uniform(9000, 48000),
    "envprefix": lambda s: s["pkg"].upper(),
    "sftp_host": lambda s: s.rng.choice(["sftp.", "files.", "edi."]) + s["custdom"],
    "yyyymmdd": lambda s: s["ts1"][:10].replace("-", ""),
    "amt": lambda s: "%d" % s.rng.randint(500, 90000),
    "vpnnode": lambda s: s.rng.choice(["de-fra-12", "nl-ams-07", "us-nyc-31", "br-sao-04", "es-mad-03",
                                        "fr-par-09", "uk-lon-22"]),
    "selector": lambda s: s.rng.choice(["s1", "mc1", "k2", "sw"]),
    "tenant": lambda s: "t-" + "%06x" % s.rng.getrandbits(24),
    "api_host": lambda s: "api." + s["dom"],
    "selfhost": lambda s: s.rng.choice(["tasks.", "crm.", "app.", "portal.", "intranet."]) + s["custdom"],
    "user_id": lambda s: str(s.rng.randint(10000, 999999)),
    "hours": lambda s: s.rng.choice(["2", "3", "4", "6", "12", "24", "48"]),
    "minutes": lambda s: str(s.rng.choice([5, 10, 15, 20, 30, 45])),
    "gb": lambda s: str(s.rng.choice([2, 4, 8, 16, 32, 64])),
    "mem": lambda s: s.rng.choice(["256Mi", "512Mi", "768Mi", "1Gi"]),
    "mem2": lambda s: s.rng.choice(["1536Mi", "2Gi", "3Gi", "4Gi"]),
    "xmx": lambda s: s.rng.choice(["2g", "3g", "4g", "6g", "8g"]),
    "sdk": lambda s: s["pkg"] + s.rng.choice(["-sdk", "-client", "-node", "-api"]),
    "bankdom": lambda s: s.rng.choice(["secure-3ds.bancoexemplo.com", "acs.nordbank-verify.eu", "3ds.caixasol.es"]),
    "iban4": lambda s: "%04d" % s.rng.randint(0, 9999),
    "refcode": lambda s: "%s%06d" % (s.rng.choice(["TRX", "RF", "SEPA", "E2E"]), s.rng.randint(0, 999999)),
    "lvl": lambda s: str(s.rng.randint(18, 240)),
    "gems": lambda s: str(s.rng.choice([80, 500, 1200, 2500, 6500])),
    "date_iso": lambda s: (REFERENCE_DAY - timedelta(days=s.rng.randint(2, 60))).strftime("%Y-%m-%d"),
}

# Artifacts (logs, traces) that still make sense when only partly pasted.
PARTIAL_OK = {"py_pool", "py_pg_slots", "py_unicode", "py_keyerror_webhook", "nginx_502", "java_ora", "java_pkix",
              "java_oom", "android_npe", "wg_log", "ratelimit_log", "sftp_log", "scim_log", "payment_log",
              "app_sync_log", "node_redis", "win_installer", "replica_log", "consent_log", "game_net", "inotify",
              "http503_access", "saml_log", "ios_crash", "mobile_log"}

ALT_RE = re.compile(r"\{\?((?:[^{}]|\{[a-z][a-z0-9_]*\})*)\}")
SLOT_RE = re.compile(r"\{([a-z][a-z0-9_]*)\}")
PICK_RE = re.compile(r"\[\[pick (\d+)(?:-(\d+))?\]\]\n(.*?)\n\[\[/pick\]\]", re.S)
NUMBERED_RE = re.compile(r"^(\d+)([.)]) ")


def _pick(m, rng: random.Random) -> str:
    """``[[pick A-B]]`` block: keep A..B of the enclosed lines, in their original order.

    Lines starting with ``N. `` are renumbered; the first kept line keeps its bullet style.
    """
    lo = int(m.group(1))
    hi = int(m.group(2) or lo)
    items = m.group(3).split("\n")
    k = min(len(items), rng.randint(lo, hi))
    keep = sorted(rng.sample(range(len(items)), k))
    out = []
    for n, i in enumerate(keep, 1):
        line = items[i]
        num = NUMBERED_RE.match(line)
        if num:
            line = f"{n}{num.group(2)} " + line[num.end():]
        out.append(line)
    return "\n".join(out)


def fill(template: str, s: Slots) -> str:
    def alt(m):
        return s.rng.choice(m.group(1).split("|"))

    def slot(m):
        try:
            return str(s[m.group(1)])
        except KeyError:
            return m.group(0)

    text = PICK_RE.sub(lambda m: _pick(m, s.rng), template)
    # Alternatives may contain slots and other alternatives; innermost are resolved first.
    while True:
        new = ALT_RE.sub(alt, text)
        if new == text:
            break
        text = new
    return SLOT_RE.sub(slot, text)


def render_artifact(name: str, s: Slots) -> str:
    fence, raw = ART[name]
    body = fill(raw.strip("\n"), s)
    lines = body.split("\n")
    # People often paste only part of a long log or trace.
    if name in PARTIAL_OK and len(lines) > 5 and s.rng.random() < 0.35:
        k = s.rng.randint(3, len(lines) - 2)
        if s.rng.random() < 0.5:
            lines = lines[-k:]
            if s.rng.random() < 0.5:
                lines.insert(0, "...")
        else:
            lines = lines[:k] + (["..."] if s.rng.random() < 0.6 else [])
        body = "\n".join(lines)
    r = s.rng.random()
    if r < 0.78:
        tag = fence if (fence and s.rng.random() < 0.7) else ""
        return f"```{tag}\n{body}\n```"
    return body


from ticket_artifacts import ART  # noqa: E402  (templates are data modules beside this script)
import templates_de, templates_en, templates_es, templates_fr, templates_pt  # noqa: E402

# Per-language content.  POOLS: framing (greetings, sign-offs, pleasantries,
# openers/closers).  CONTENT: (product kind, template) lists per tier.
POOLS: dict = {}
CONTENT: dict = {}
for _module in (templates_en, templates_de, templates_es, templates_fr, templates_pt):
    POOLS.update(_module.POOLS)
    CONTENT.update(_module.CONTENT)


# --------------------------------------------------------------------------
# Composition
# --------------------------------------------------------------------------
TONES = {
    "small": [("polite", 52), ("terse", 22), ("casual", 14), ("angry", 12)],
    "mid": [("polite", 58), ("terse", 20), ("casual", 10), ("angry", 12)],
    "reasoning": [("polite", 55), ("terse", 22), ("casual", 8), ("angry", 15)],
}
CONSUMER_KINDS = ("bank", "game", "vpn")  # no "our dev team"/"we're a 20-person team" framing
CODE_HINT = re.compile(r"[={}<>\[\]`$|\\]|^\s|^(at|Caused|Traceback|File|Error|Exception)\b")
WORD_RE = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]{5,}")


def _weighted(rng: random.Random, pairs):
    total = sum(w for _, w in pairs)
    r = rng.uniform(0, total)
    for item, w in pairs:
        r -= w
        if r <= 0:
            return item
    return pairs[-1][0]


def _prose_line_indices(text: str, s: Slots) -> list[int]:
    """Indices of lines that are ordinary prose (not code, logs or pasted artifacts)."""
    art_lines = set()
    for key, val in s.items():
        if key.startswith("art_"):
            art_lines.update(line for line in str(val).split("\n"))
    out, in_code = [], False
    for i, line in enumerate(text.split("\n")):
        if line.strip().startswith("```"):
            in_code = not in_code
            continue
        if in_code or line in art_lines or not line.strip() or CODE_HINT.search(line):
            continue
        out.append(i)
    return out


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randint(1, len(word) - 3)
    op = rng.choice(["swap", "swap", "drop", "double"])
    if op == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if op == "drop":
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]


def _map_prose(text: str, s: Slots, func, limit: int | None = None) -> str:
    lines = text.split("\n")
    idx = _prose_line_indices(text, s)
    if limit is not None:
        s.rng.shuffle(idx)
        idx = idx[:limit]
    for i in idx:
        lines[i] = func(lines[i])
    return "\n".join(lines)


def _add_typos(text: str, s: Slots, count: int) -> str:
    def one(line):
        words = [m for m in WORD_RE.finditer(line) if m.group(0) not in s.values()]
        if not words:
            return line
        m = s.rng.choice(words)
        return line[:m.start()] + _typo(m.group(0), s.rng) + line[m.end():]

    return _map_prose(text, s, one, limit=count)


def _strip_accents(line: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", line) if unicodedata.category(c) != "Mn")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != "I " else text


# Interchangeable list headers; an exact header line is swapped for a random synonym.
HEADER_SYNONYMS = {
    "en": [["What we already tried:", "What we've tried so far:", "Things we tried:", "Tried so far:", "Already tried:",
            "Steps we took so far:", "What we've done so far:", "We tried:", "Tried:"],
           ["What I already tried:", "What I tried:", "Things I've tried:", "What I've tried so far:",
            "I already tried:", "What I did so far:", "Things I've tried or ruled out:"],
           ["Things I checked:", "What I've checked:", "What we checked:", "Things we verified:", "Checked so far:"]],
    "de": [["Was wir schon probiert haben:", "Bisherige Versuche:", "Versucht haben wir:", "Bisher gemacht:",
            "Was wir bereits getestet haben:", "Was wir versucht haben:", "Versucht:"],
           ["Geprüft haben wir:", "Geprüft bzw. versucht:", "Was wir geprüft haben:"]],
    "es": [["Lo que hemos probado:", "Ya probamos:", "Lo que ya intentamos:", "Pasos que hicimos:", "Ya intentamos:"],
           ["Lo que ya he probado:", "Probé:", "Ya probé:", "Lo que hice:"]],
    "fr": [["Ce qu'on a déjà fait :", "Ce qu'on a testé :", "Essayé :", "Ce qu'on a fait :", "Déjà tenté :",
            "Étapes déjà faites :"],
           ["J'ai déjà essayé :", "Ce que j'ai déjà tenté :", "Ce que j'ai essayé :"]],
    "pt": [["Já tentamos:", "Tentativas:", "O que já fizemos:", "O que já testamos:"],
           ["O que já tentei:", "Já tentei:", "O que eu já fiz:"]],
}
LIST_ITEM = re.compile(r"^(- |\d+[.)] )")
REPRO_HINT = re.compile(r"reproduc|reproduz|reproduir|Schritte|steps to|pasos para|étapes pour|passos para|repro",
                        re.I)


def _vary_template(template: str, lang: str, rng: random.Random) -> str:
    """Structural variation for long tickets: swap list headers, drop/shuffle list items.

    Runs on the template (before slots and artifacts are filled). Lists introduced by a
    "steps to reproduce" style line are left intact.
    """
    headers = {h: group for group in HEADER_SYNONYMS.get(lang, []) for h in group}
    lines = template.split("\n")
    out: list[str] = []
    i = 0
    in_pick = False
    while i < len(lines):
        line = lines[i]
        if line.startswith("[[pick") or line.startswith("[[/pick"):
            in_pick = line.startswith("[[pick")
            out.append(line)
            i += 1
            continue
        if line.strip() in headers:
            out.append(rng.choice(headers[line.strip()]))
            i += 1
            continue
        if in_pick or not LIST_ITEM.match(line):
            out.append(line)
            i += 1
            continue
        j = i
        while j < len(lines) and LIST_ITEM.match(lines[j]):
            j += 1
        run = lines[i:j]
        prev = next((p for p in reversed(out) if p.strip()), "")
        if len(run) >= 3 and not REPRO_HINT.search(prev):
            if rng.random() < 0.55:
                run.pop(rng.randrange(len(run)))
            if run[0].startswith("- ") and rng.random() < 0.5:
                rng.shuffle(run)
            run = [NUMBERED_RE.sub(lambda m, n=n: f"{n}{m.group(2)} ", item) for n, item in enumerate(run, 1)]
        out.extend(run)
        i = j
    return "\n".join(out)


def _block_join(rng, a: str, b: str) -> str:
    if not a:
        return b
    if not b:
        return a
    return a + rng.choice(["\n\n", "\n\n", "\n"]) + b


def make_ticket(rng: random.Random, lang: str, tier: str, kind: str, template: str) -> str:
    s = Slots(rng, lang, kind)
    pools = POOLS[lang]
    tone = _weighted(rng, TONES[tier])
    if tier != "small":
        template = _vary_template(template, lang, rng)
    body = fill(template, s).strip()

    greet = sign = ""
    if tone != "terse":
        greet = fill(rng.choice(pools["greet"][tone]), s)
        sign = fill(rng.choice(pools["sign"][tone]), s)
        if tone == "polite" and rng.random() < 0.15:
            sign = ""
        if tone == "polite" and rng.random() < 0.12:
            greet = ""
    elif rng.random() < 0.25:
        sign = fill(rng.choice(pools["sign"]["casual"]), s)

    lead, tail = [], []
    consumer = kind in CONSUMER_KINDS
    if tier == "small":
        chatty = tone == "polite" and rng.random() < 0.18  # long, friendly, but still a FAQ question
        if chatty or (tone in ("polite", "casual") and rng.random() < 0.35):
            lead.append(fill(rng.choice(pools["pre"]), s))
        if chatty or (tone in ("polite", "casual") and rng.random() < 0.28):
            biz = kind in ("saas", "crm", "mail", "sync", "db")
            ctx_pool = pools["small_ctx"] + (pools["small_ctx_biz"] if biz else [])
            lead.append(fill(rng.choice(ctx_pool), s))
        if chatty or (tone == "polite" and rng.random() < 0.3):
            tail.append(fill(rng.choice(pools["post"]), s))
        if tone == "angry" and rng.random() < 0.75:
            lead.append(fill(rng.choice(pools["angry_pre"]), s))
    elif tier == "mid":
        if rng.random() < 0.4:
            lead.append(fill(rng.choice(pools["mid_ctx"][-2:] if consumer else pools["mid_ctx"]), s))
        if tone == "angry" and rng.random() < 0.6:
            lead.append(fill(rng.choice(pools["angry_pre"]), s))
        if tone == "polite" and rng.random() < 0.1:
            lead.insert(0, fill(rng.choice(pools["pre"][:2]), s))
        if tone == "polite" and rng.random() < 0.15:
            tail.append(fill(rng.choice(pools["post"]), s))
    else:
        r_open = pools["r_open"] + ([] if consumer else pools["r_open_biz"])
        r_close = pools["r_close"] + ([] if consumer else pools["r_close_biz"])
        if rng.random() < 0.4:
            lead.append(fill(rng.choice(r_open), s))
        elif not consumer and rng.random() < 0.12:
            lead.append(fill(rng.choice(pools["mid_ctx"][:3]), s))
        if tone == "angry" and rng.random() < 0.3:
            lead.insert(0, fill(rng.choice(pools["angry_pre"][1:]), s))
        if rng.random() < 0.4:
            tail.append(fill(rng.choice(r_close), s))
        elif tone == "polite" and rng.random() < 0.12:
            tail.append(fill(rng.choice(pools["post"]), s))

    sep = " " if (tier == "small" or (tier == "mid" and rng.random() < 0.5)) else "\n\n"
    core = sep.join(lead + [body]) if lead else body
    if tail:
        core = core + (" " if tier == "small" and rng.random() < 0.6 else "\n\n") + " ".join(tail)

    if greet and tier == "small" and greet[-1] in "!." and rng.random() < 0.6:
        text = greet + " " + core
    elif greet and tier != "reasoning" and rng.random() < 0.25:
        first_word = core.split(" ", 1)[0]
        if (greet.endswith(",") and first_word != "I" and not first_word.startswith("I'")
                and not s.get("product", "#").startswith(first_word) and first_word[1:].islower()):
            core = core[:1].lower() + core[1:]
        text = greet + " " + core
    else:
        text = _block_join(rng, greet, core)
    if sign:
        if tier == "small" and "\n" not in sign and rng.random() < 0.5:
            text = text + " " + sign
        else:
            text = _block_join(rng, text, sign)

    # Surface noise on prose only (code, logs and traces are left untouched).
    typo_p = {"casual": 0.35, "angry": 0.2}.get(tone, 0.1 if lang == "en" else 0.07)
    if rng.random() < typo_p:
        text = _add_typos(text, s, rng.choice([1, 1, 2]))
    if lang != "en" and rng.random() < (0.35 if tone == "casual" else 0.05):
        text = _map_prose(text, s, _strip_accents)
    if tone == "casual" and tier != "reasoning" and rng.random() < 0.4:
        text = _map_prose(text, s, lambda line: line.lower())
    elif tone == "terse" and rng.random() < 0.15:
        text = _lower_first(text)
    return text.strip()


SHINGLE_WORD = re.compile(r"\w+")
MAX_SIMILARITY = 0.65  # word-trigram Jaccard above this counts as a near-duplicate


def _shingles(text: str) -> set:
    words = SHINGLE_WORD.findall(text.lower())
    return set(zip(words, words[1:], words[2:])) or {tuple(words)}


def _too_similar(sh: set, accepted: list[set]) -> bool:
    for other in accepted:
        inter = len(sh & other)
        if inter and inter / (len(sh) + len(other) - inter) > MAX_SIMILARITY:
            return True
    return False


def build() -> list[dict]:
    rng = random.Random(SEED)
    records: list[dict] = []
    for lang in LANGS:
        for tier in TIERS:
            templates = list(CONTENT[lang][tier])
            want = TARGETS[lang][tier]
            accepted: list[set] = []
            queue: list[tuple[str, str]] = []
            attempts = 0
            while len(accepted) < want:
                if not queue:
                    queue = templates[:]
                    rng.shuffle(queue)
                kind, template = queue.pop()
                for _ in range(4):  # a few re-rolls of the same template before moving on
                    attempts += 1
                    if attempts > want * 40:
                        raise RuntimeError(f"cannot generate {want} distinct tickets for {lang}/{tier}")
                    text = make_ticket(rng, lang, tier, kind, template)
                    sh = _shingles(text)
                    if not _too_similar(sh, accepted):
                        accepted.append(sh)
                        records.append({"text": text, "tier": tier, "lang": lang})
                        break
    rng.shuffle(records)
    return records


def main() -> None:
    records = build()
    with OUT_PATH.open("w", encoding="utf-8", newline="\n") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")

    # Summary + sanity check of the written file.
    counts: dict[tuple[str, str], int] = {}
    with OUT_PATH.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            obj = json.loads(line)
            assert set(obj) == {"text", "tier", "lang"}, f"line {n}: bad keys"
            assert obj["tier"] in TIERS and obj["lang"] in LANGS, f"line {n}: bad label"
            assert obj["text"].strip(), f"line {n}: empty text"
            counts[(obj["lang"], obj["tier"])] = counts.get((obj["lang"], obj["tier"]), 0) + 1
    print(f"wrote {sum(counts.values())} tickets to {OUT_PATH}")
    print("lang  " + "".join(f"{t:>11}" for t in TIERS) + "      total")
    for lang in LANGS:
        row = [counts.get((lang, t), 0) for t in TIERS]
        print(f"{lang:<6}" + "".join(f"{c:>11}" for c in row) + f"{sum(row):>11}")
    col = [sum(counts.get((lang, t), 0) for lang in LANGS) for t in TIERS]
    print("total " + "".join(f"{c:>11}" for c in col) + f"{sum(col):>11}")


if __name__ == "__main__":
    main()
