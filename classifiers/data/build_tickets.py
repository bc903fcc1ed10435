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


# --------------------------------------------------------------------------
# Artifacts: stack traces, logs, configs.  Language-neutral (as pasted).
# Each entry: (fence language tag, template).
# --------------------------------------------------------------------------
ART = {
    "py_pool": ("python", """
Traceback (most recent call last):
  File "/srv/app/workers/{svc}_job.py", line {ln1}, in run
    rows = session.execute(stmt).fetchall()
  File "/srv/app/.venv/lib/python{pyshort}/site-packages/sqlalchemy/orm/session.py", line {ln2}, in execute
    return self._execute_internal(
  File "/srv/app/.venv/lib/python{pyshort}/site-packages/sqlalchemy/engine/base.py", line {ln3}, in _connection_for_bind
    conn = engine.connect()
  File "/srv/app/.venv/lib/python{pyshort}/site-packages/sqlalchemy/pool/impl.py", line {ln4}, in _do_get
    raise exc.TimeoutError(
sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached, connection timed out, timeout 30.00
"""),
    "py_pg_slots": ("", """
{ts1} ERROR [{svc}-worker] psycopg2.OperationalError: connection to server at "{db_name}.{region}.{dom}" ({ip}), port 5432 failed: FATAL:  remaining connection slots are reserved for non-replication superuser connections
{ts2} WARN  [{svc}-worker] retrying in 2s (attempt 2/5)
{ts3} ERROR [{svc}-worker] psycopg2.OperationalError: connection to server at "{db_name}.{region}.{dom}" ({ip}), port 5432 failed: FATAL:  sorry, too many clients already
{ts4} ERROR [{svc}-worker] job {jobid} aborted
"""),
    "py_ssl": ("python", """
Traceback (most recent call last):
  File "/opt/{svc}/export.py", line {ln1}, in <module>
    resp = session.get(f"{base}/v2/reports/export", params=params, timeout=60)
  File "/usr/local/lib/python{pyshort}/site-packages/requests/sessions.py", line 602, in get
    return self.request("GET", url, **kwargs)
  File "/usr/local/lib/python{pyshort}/site-packages/requests/adapters.py", line 517, in send
    raise SSLError(e, request=request)
requests.exceptions.SSLError: HTTPSConnectionPool(host='{api_host}', port=443): Max retries exceeded with url: /v2/reports/export (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)')))
"""),
    "py_unicode": ("python", """
Traceback (most recent call last):
  File "import_{pkg}.py", line {ln1}, in <module>
    for row in reader:
  File "/usr/lib/python{pyshort}/csv.py", line 111, in __next__
    row = next(self.reader)
  File "<frozen codecs>", line 322, in decode
UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position {n3}: invalid continuation byte
"""),
    "py_keyerror_webhook": ("python", """
{ts1} ERROR webhook_handler: failed to process event evt_{hexs}
Traceback (most recent call last):
  File "/app/handlers/{pkg}_events.py", line {ln1}, in handle_event
    customer_id = payload["data"]["customer"]["id"]
KeyError: 'customer'
{ts2} WARN  webhook_handler: responded 500 to {pkg} (attempt 3)
"""),
    "py_attr": ("python", """
  File "/home/deploy/.local/lib/python{pyshort}/site-packages/{pkg}/client.py", line {ln1}, in list_invoices
    next_cursor = resp.json().get("meta").get("next_cursor")
AttributeError: 'NoneType' object has no attribute 'get'
"""),
    "py_env": ("python", """
Traceback (most recent call last):
  File "/app/main.py", line 8, in <module>
    from settings import config
  File "/app/settings.py", line {ln1}, in <module>
    API_KEY = os.environ["{envprefix}_API_KEY"]
  File "<frozen os>", line 679, in __getitem__
KeyError: '{envprefix}_API_KEY'
"""),
    "flask_hmac": ("python", """
@app.post("/hooks/{pkg}")
def on_event():
    payload = request.get_json()
    body = json.dumps(payload).encode("utf-8")
    expected = hmac.new(WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
    received = request.headers.get("X-{?Signature|Webhook-Signature|Hub-Signature-256}", "")
    if not hmac.compare_digest(expected, received):
        app.logger.warning("bad signature %s != %s", expected[:8], received[:8])
        abort(401)
    process(payload)
    return "", 204
"""),
    "hmac_log": ("", """
{ts1} WARNING bad signature 3f9a1c0e != sha256=7
{ts2} WARNING bad signature c41d77b2 != sha256=e
{ts3} INFO    127.0.0.1 - "POST /hooks/{pkg} HTTP/1.1" 401 -
"""),
    "node_reset": ("", """
{ts1} ERROR [{svc}] POST https://{api_host}/v2/events failed after 3 attempts
Error: read ECONNRESET
    at TLSWrap.onStreamRead (node:internal/stream_base_commons:217:20)
    at TLSWrap.callbackTrampoline (node:internal/async_hooks:130:17) {
  errno: -104,
  code: 'ECONNRESET',
  syscall: 'read'
}
"""),
    "node_typeerror": ("", """
TypeError: Cannot read properties of undefined (reading 'id')
    at mapInvoice (/app/src/sync/invoices.js:{ln1}:{col})
    at Array.map (<anonymous>)
    at syncInvoices (/app/src/sync/invoices.js:{ln2}:{col2})
    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)
    at async Job.run (/app/src/jobs/index.js:{ln3}:5)
"""),
    "node_invoice_code": ("js", """
const client = new Client({ apiKey: process.env.API_KEY });
const res = await client.invoices.list({ limit: 100, status: 'open' });
const rows = res.data.map(mapInvoice);

function mapInvoice(inv) {
  return { id: inv.id, customer: inv.customer.id, total: inv.amount_due / 100 };
}
"""),
    "node_redis": ("", """
{ts1} info: {pkg}-server {ver_new} starting (NODE_ENV=production)
{ts2} info: connected to postgres at db:5432
{ts3} error: Redis connection error: Error: connect ECONNREFUSED 127.0.0.1:6379
    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)
{ts4} error: Redis connection error: Error: connect ECONNREFUSED 127.0.0.1:6379
{ts5} warn: job queue unavailable, background sync disabled
"""),
    "compose": ("yaml", """
services:
  app:
    image: {pkg}/server:{ver_new}
    env_file: .env
    ports:
      - "{port}:{port}"
    depends_on:
      - db
      - redis
  db:
    image: postgres:{?15|16}
    volumes:
      - pgdata:/var/lib/postgresql/data
  redis:
    image: redis:7-alpine
volumes:
  pgdata:
"""),
    "dotenv": ("", """
DATABASE_URL=postgres://app:********@db:5432/{db_name}
REDIS_URL=redis://localhost:6379/0
APP_URL=https://{selfhost}
{envprefix}_LICENSE_KEY=****-****-****-{last4}
"""),
    "nginx_502": ("", """
{ngx1} [error] {pid}#{pid}: *{cid} upstream prematurely closed connection while reading response header from upstream, client: {ip}, server: {selfhost}, request: "GET /api/v1/projects?page=2 HTTP/1.1", upstream: "http://127.0.0.1:{port}/api/v1/projects?page=2", host: "{selfhost}"
{ngx2} [error] {pid}#{pid}: *{cid} connect() failed (111: Connection refused) while connecting to upstream, client: {ip}, server: {selfhost}, request: "POST /api/v1/sync HTTP/1.1", upstream: "http://127.0.0.1:{port}/api/v1/sync", host: "{selfhost}"
{ngx3} [warn] {pid}#{pid}: *{cid} an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/3/01/0000000013 while reading upstream
"""),
    "nginx_conf": ("nginx", """
server {
    listen 443 ssl http2;
    server_name {selfhost};

    client_max_body_size {?10m|25m|50m};

    location / {
        proxy_pass http://127.0.0.1:{port};
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_read_timeout {?60s|120s|300s};
    }
}
"""),
    "nginx_ws": ("nginx", """
location /realtime {
    proxy_pass http://app_backend;
    proxy_http_version 1.1;
    proxy_set_header Host $host;
    proxy_read_timeout 3600;
}
"""),
    "ws_console": ("", """
WebSocket connection to 'wss://{selfhost}/realtime?token=...' failed: Error during WebSocket handshake: Unexpected response code: 400
[{pkg}] realtime disconnected, falling back to polling every 30s
"""),
    "java_ora": ("", """
Exception in thread "main" java.sql.SQLSyntaxErrorException: ORA-00942: table or view does not exist

	at oracle.jdbc.driver.T4CTTIoer11.processError(T4CTTIoer11.java:630)
	at oracle.jdbc.driver.T4CTTIoer11.processError(T4CTTIoer11.java:564)
	at oracle.jdbc.driver.T4C8Oall.processError(T4C8Oall.java:1231)
	at oracle.jdbc.driver.T4CPreparedStatement.executeForDescribe(T4CPreparedStatement.java:884)
	at com.{pkg}.connector.oracle.OracleReader.fetchBatch(OracleReader.java:{ln1})
	at com.{pkg}.connector.pipeline.SyncTask.run(SyncTask.java:{ln2})
	at com.{pkg}.connector.Main.main(Main.java:{ln3})
Caused by: Error : 942, Position : 14, Sql = SELECT * FROM {schema}.INVOICE_LINES WHERE UPDATED_AT > :1, Error Msg = ORA-00942: table or view does not exist
"""),
    "connector_yaml": ("yaml", """
source:
  type: oracle
  host: {dbhost}
  port: 1521
  service_name: {svcname}
  user: ETL_READER
  schema: {schema}
sync:
  tables: [INVOICES, INVOICE_LINES, CUSTOMERS]
  mode: incremental
  cursor_field: UPDATED_AT
  batch_size: 5000
"""),
    "java_pkix": ("", """
javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target
	at java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)
	at java.base/sun.security.ssl.TransportContext.fatal(TransportContext.java:378)
	at java.base/sun.security.ssl.CertificateMessage$T13CertificateConsumer.checkServerCerts(CertificateMessage.java:1302)
	at java.base/sun.security.ssl.SSLHandshake.consume(SSLHandshake.java:396)
	at java.net.http/jdk.internal.net.http.HttpClientImpl.send(HttpClientImpl.java:573)
	at com.{pkg}.client.ApiClient.send(ApiClient.java:{ln1})
	at com.{pkg}.client.ReportsApi.download(ReportsApi.java:{ln2})
Caused by: sun.security.validator.ValidatorException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target
"""),
    "java_oom": ("", """
{ts1} INFO  [export-worker-2] c.{pkg}.export.ExportService - starting export {jobid} (estimated rows={bigrows})
{ts2} WARN  [export-worker-2] c.{pkg}.export.ExportService - heap usage 91% after full GC
Exception in thread "export-worker-2" java.lang.OutOfMemoryError: Java heap space
	at java.base/java.util.Arrays.copyOf(Arrays.java:3537)
	at java.base/java.lang.AbstractStringBuilder.ensureCapacityInternal(AbstractStringBuilder.java:228)
	at java.base/java.lang.StringBuilder.append(StringBuilder.java:179)
	at com.{pkg}.export.CsvWriter.appendRow(CsvWriter.java:{ln1})
	at com.{pkg}.export.ExportService.run(ExportService.java:{ln2})
	at java.base/java.lang.Thread.run(Thread.java:1583)
"""),
    "java_timeout": ("", """
java.net.SocketTimeoutException: Read timed out
	at java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)
	at java.base/java.net.SocketInputStream.read(SocketInputStream.java:182)
	at com.{pkg}.sync.HttpTransport.execute(HttpTransport.java:{ln1})
	at com.{pkg}.sync.BatchUploader.flush(BatchUploader.java:{ln2})
"""),
    "android_npe": ("", """
FATAL EXCEPTION: main
Process: com.{pkg}.game, PID: {pid}
java.lang.NullPointerException: Attempt to invoke virtual method 'int com.{pkg}.game.inventory.Item.getStackSize()' on a null object reference
	at com.{pkg}.game.inventory.InventoryAdapter.onBindViewHolder(InventoryAdapter.java:{ln1})
	at com.{pkg}.game.inventory.InventoryAdapter.onBindViewHolder(InventoryAdapter.java:{ln2})
	at androidx.recyclerview.widget.RecyclerView$Adapter.onBindViewHolder(RecyclerView.java:7254)
	at androidx.recyclerview.widget.RecyclerView$Recycler.tryBindViewHolderByDeadline(RecyclerView.java:6297)
	at android.os.Handler.handleCallback(Handler.java:958)
	at android.os.Looper.loop(Looper.java:294)
"""),
    "ios_crash": ("", """
Exception Type:  EXC_CRASH (SIGABRT)
Triggered by Thread:  0

Last Exception Backtrace:
0   CoreFoundation        {hex1} __exceptionPreprocess + 164
1   libobjc.A.dylib       {hex2} objc_exception_throw + 60
2   LocalAuthentication   {hex3} -[LAContext evaluatePolicy:localizedReason:reply:] + 212
3   {pkg}                 {hex4} BiometricLoginController.authenticate() + 412
4   {pkg}                 {hex5} LoginViewModel.resumeSession() + 128
"""),
    "k8s_pods": ("", """
$ kubectl -n {ns} get pods
NAME                               READY   STATUS             RESTARTS        AGE
{pkg}-agent-6c9f7d8b5d-q4wzn       0/1     CrashLoopBackOff   {n} (31s ago)   {minutes}m
$ kubectl -n {ns} describe pod {pkg}-agent-6c9f7d8b5d-q4wzn | grep -A4 "Last State"
    Last State:     Terminated
      Reason:       OOMKilled
      Exit Code:    137
      Started:      {ts1}
      Finished:     {ts2}
"""),
    "k8s_yaml": ("yaml", """
containers:
  - name: {pkg}-agent
    image: registry.{dom}/agent:{ver_new}
    env:
      - name: AGENT_MODE
        value: "full-sync"
      - name: AGENT_CONCURRENCY
        value: "{n}"
    resources:
      requests:
        memory: "{mem}"
        cpu: "250m"
      limits:
        memory: "{mem2}"
"""),
    "oauth_json": ("", """
POST https://{api_host}/oauth/token
grant_type=refresh_token&refresh_token=rt_****{last4}&client_id=cli_{uid}

HTTP/1.1 400 Bad Request
Content-Type: application/json
{"error":"invalid_grant","error_description":"Refresh token has already been used or has been revoked"}
"""),
    "saml_log": ("", """
{ts1} WARN  auth.saml - SAMLResponse rejected for tenant {tenant}: Audience restriction mismatch (expected "https://{dom}/saml/{tenant}/metadata", got "https://{dom}/saml/metadata")
{ts2} WARN  auth.saml - assertion NotBefore is {?4|7|12} seconds in the future (allowed skew 0s)
{ts3} ERROR auth.saml - login failed for {email}: InResponseTo does not match any pending AuthnRequest
"""),
    "dns_mail": ("", """
$ dig +short TXT {custdom}
"v=spf1 include:_spf.google.com include:spf.{dom} ~all"
$ dig +short TXT {selector}._domainkey.{custdom}

$ dig +short TXT _dmarc.{custdom}
"v=DMARC1; p=reject; rua=mailto:dmarc@{custdom}; adkim=s; aspf=s"
"""),
    "bounce": ("", """
550-5.7.26 Unauthenticated email from {custdom} is not accepted due to
550-5.7.26 domain's DMARC policy. Please contact the administrator of
550 5.7.26 {custdom} domain if this was a legitimate mail.
"""),
    "win_installer": ("", r"""
[{tid}:{pid}][{ts1}]i001: Burn v3.14.0.8606, Windows v10.0 (Build 22631: Service Pack 0), path: C:\Windows\Temp\{pkg}-setup.exe
[{tid}:{pid}][{ts2}]e000: Error 0x80070005: Failed to create directory: C:\Program Files\{product}\bin
[{tid}:{pid}][{ts3}]e000: Error 0x80070005: Failed to cache payload: {pkg}_x64.msi
[{tid}:{pid}][{ts4}]e000: Error 0x80070005: Failed to install MSI package.
[{tid}:{pid}][{ts5}]i399: Apply complete, result: 0x80070005, restart: None, ba requested restart:  No
"""),
    "wg_log": ("", """
{ts1} [INFO ] tunnel: connecting to {vpnnode} ({ip2}:51820) using WireGuard
{ts2} [WARN ] wg: handshake for peer 1 ({ip2}:51820) did not complete after 5 seconds, retrying (try 2)
{ts3} [WARN ] wg: handshake for peer 1 ({ip2}:51820) did not complete after 5 seconds, retrying (try 3)
{ts4} [ERROR] tunnel: handshake timeout, falling back to OpenVPN TCP/443
{ts5} [ERROR] openvpn: TLS Error: TLS key negotiation failed to occur within 60 seconds (check your network connectivity)
{ts6} [INFO ] tunnel: state DISCONNECTED (reason=HANDSHAKE_FAILED)
"""),
    "ratelimit_log": ("", """
{ts1} INFO  sync.worker[{w1}] fetched /v1/contacts page 14 (100 records)
{ts2} WARN  sync.worker[{w2}] HTTP 429 Too Many Requests on /v1/contacts?page=15, Retry-After: 30
{ts3} WARN  sync.worker[{w1}] HTTP 429 Too Many Requests on /v1/deals?page=3, Retry-After: 30
{ts4} WARN  sync.worker[{w2}] HTTP 429 Too Many Requests on /v1/contacts?page=15, Retry-After: 60
{ts5} ERROR sync.worker[{w2}] giving up after 5 retries: RateLimitError(status=429, remaining=0, reset={epoch})
{ts6} ERROR sync.scheduler job full_sync failed, {n2} records not synced
"""),
    "pg_deadlock": ("", """
{pgts1} [{pid}] ERROR:  deadlock detected
{pgts1} [{pid}] DETAIL:  Process {pid} waits for ShareLock on transaction {xid1}; blocked by process {pid2}.
	Process {pid2} waits for ShareLock on transaction {xid2}; blocked by process {pid}.
	Process {pid}: UPDATE stock_levels SET qty = qty - $1 WHERE sku = $2 AND warehouse_id = $3
	Process {pid2}: UPDATE stock_levels SET qty = qty - $1 WHERE sku = $2 AND warehouse_id = $3
{pgts1} [{pid}] HINT:  See server log for query details.
{pgts1} [{pid}] CONTEXT:  while updating tuple (4821,17) in relation "stock_levels"
"""),
    "explain": ("sql", """
EXPLAIN ANALYZE
SELECT o.id, o.total, c.email
FROM orders o JOIN customers c ON c.id = o.customer_id
WHERE o.created_at >= now() - interval '30 days' AND c.country = 'DE';

Hash Join  (cost=48211.50..391204.77 rows=20412 width=52) (actual time={ms1}..{ms2} rows=18877 loops=1)
  Hash Cond: (o.customer_id = c.id)
  ->  Seq Scan on orders o  (cost=0.00..338211.00 rows={rows} width=24) (actual time=0.021..{ms1} rows={rows} loops=1)
        Filter: (created_at >= (now() - '30 days'::interval))
        Rows Removed by Filter: {removed}
  ->  Hash  (cost=41201.10..41201.10 rows=98112 width=36)
        ->  Seq Scan on customers c  (cost=0.00..41201.10 rows=98112 width=36)
              Filter: (country = 'DE'::text)
Planning Time: 0.612 ms
Execution Time: {ms2} ms
"""),
    "curl_403": ("", """
$ curl -sv -H "Authorization: Bearer $API_KEY" https://{api_host}/v1/me
*   Trying {ip}:443...
* Connected to {api_host} ({ip}) port 443
> GET /v1/me HTTP/2
> Host: {api_host}
> user-agent: curl/8.5.0
< HTTP/2 403
< content-type: application/json
< x-request-id: {reqid}
<
{"error":{"code":"forbidden","message":"Request blocked by network policy"}}
"""),
    "sftp_log": ("", """
{ts1} INFO  export.nightly starting export to sftp://{sftp_host}:22/incoming/
{ts2} INFO  export.nightly wrote orders_{yyyymmdd}.csv ({mb} MB)
{ts3} ERROR export.nightly upload failed: paramiko.ssh_exception.SSHException: Error reading SSH protocol banner[Errno 104] Connection reset by peer
{ts4} WARN  export.nightly retry 1/3 in 60s
{ts5} ERROR export.nightly upload failed: Socket exception: Connection reset by peer (104)
{ts6} ERROR export.nightly giving up, file kept in /var/lib/{pkg}/outbox
"""),
    "http503_access": ("", """
{ip} - - "POST /v2/exports HTTP/1.1" 503 112 rt=30.001 uct="0.001" uht="30.000" req={reqid}
{ip} - - "POST /v2/exports HTTP/1.1" 202 64 rt=0.412 uct="0.000" uht="0.411"
{ip} - - "POST /v2/exports HTTP/1.1" 503 112 rt=30.002 uct="0.001" uht="30.001"
{ip} - - "GET /v2/exports/{jobid} HTTP/1.1" 200 1893 rt=0.090
"""),
    "scim_log": ("", """
{ts1} INFO  scim PATCH /scim/v2/Users/{uid} op=replace path=active value=false -> 200
{ts2} INFO  scim user {email} deactivated (source={idp})
{ts3} INFO  auth login ok user={email} method=api_token ip={ip2}
{ts4} INFO  auth login ok user={email} method=mobile_refresh ip={ip2}
"""),
    "payment_log": ("", """
{ts1} payment_attempt id=pa_{hexs} amount={amt} currency=EUR card=****{last4} sca=required
{ts2} 3ds challenge issued acs={bankdom} method=app_redirect
{ts3} 3ds status=pending (no CRes received)
{ts4} 3ds status=timeout after 600s
{ts5} payment_attempt id=pa_{hexs} status=failed reason=authentication_required
"""),
    "app_sync_log": ("", """
{ts1} INFO  [{svc}] delta sync started (cursor={epoch})
{ts2} WARN  [{svc}] 412 Precondition Failed for item {uid}: etag mismatch, refetching
{ts3} WARN  [{svc}] 412 Precondition Failed for item {uid}: etag mismatch, refetching
{ts4} ERROR [{svc}] item {uid} skipped after 3 conflicts
{ts5} INFO  [{svc}] delta sync finished: {n2} ok, 1 skipped, duration {n}s
"""),
    "cors_console": ("", """
Access to fetch at 'https://{api_host}/v1/forms/submit' from origin 'https://www.{custdom}' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.
POST https://{api_host}/v1/forms/submit net::ERR_FAILED
"""),
    "embed_snippet": ("html", """
<script src="https://cdn.{dom}/embed/v3/form.js" defer></script>
<div class="{pkg}-form" data-form-id="{uid}" data-region="{region}"></div>
"""),
    "terraform": ("", """
{pkg}_database.main: Modifying... [id=db-{uid}]
╷
│ Error: updating database db-{uid}: 409 Conflict: {"code":"operation_in_progress","message":"another maintenance operation is running"}
│
│   with {pkg}_database.main,
│   on main.tf line {ln1}, in resource "{pkg}_database" "main":
╵
"""),
    "mobile_log": ("", """
{ts1} D/Billing: purchase flow started sku=gems_{gems}
{ts2} I/Billing: onPurchasesUpdated responseCode=0 (OK) orderId=GPA.33{n3}-{n2}-{last4}
{ts3} W/Inventory: grant failed: HTTP 409 {"reason":"receipt_already_consumed"}
{ts4} E/Inventory: pending grant queue size=1, will retry on next launch
"""),
    "cron_env": ("", """
# crontab -l
15 2 * * * /opt/{pkg}/bin/export.sh >> /var/log/{pkg}-export.log 2>&1

# /opt/{pkg}/bin/export.sh
#!/bin/bash
cd /opt/{pkg}
source .venv/bin/activate
python export.py --since yesterday --format csv
"""),
}

ART.update({
    "inotify": ("", """
{ts1} WARN  watcher: inotify_add_watch failed for /home/{pkg}user/{product}/Projects/archive/2019: No space left on device (ENOSPC)
{ts2} WARN  watcher: falling back to periodic scan every 300s for 1 root(s)
{ts3} ERROR watcher: could not watch 14 directories, changes there will be picked up late
$ cat /proc/sys/fs/inotify/max_user_watches
8192
"""),
    "graphql_query": ("graphql", """
query Orders($after: String) {
  orders(first: 100, after: $after, sortBy: UPDATED_AT, filter: { updatedSince: "{date_iso}" }) {
    pageInfo { hasNextPage endCursor }
    nodes { id number updatedAt financialStatus }
  }
}
"""),
    "replica_log": ("", """
{ts1} INFO  api POST /v1/orders -> 201 id=ord_{uid} (primary)
{ts2} INFO  api GET /v1/orders/ord_{uid} -> 404 (replica, lag={?1.8|2.4|3.1}s)
{ts3} WARN  api read-after-write miss for ord_{uid}, retrying on primary
{ts4} INFO  api GET /v1/orders/ord_{uid} -> 200 (primary)
"""),
    "consent_log": ("", """
{ts1} INFO  aggregator: refreshing accounts for user {user_id} via {pkg} open banking API
{ts2} WARN  aggregator: GET /accounts/{uid}/transactions -> 401 {"code":"consent_expired","message":"Consent has expired or was revoked"}
{ts3} INFO  aggregator: redirecting user {user_id} to re-consent flow
{ts4} INFO  aggregator: consent granted, consent_id=cns_{hexs}, valid_until={date_iso}
{ts5} WARN  aggregator: GET /accounts/{uid}/transactions -> 401 {"code":"consent_expired","message":"Consent has expired or was revoked"}
"""),
    "game_net": ("", """
[{clock1}] NET  connecting to match server {vpnnode}.mm.{dom}:7777 (udp)
[{clock2}] NET  handshake ok, rtt=48ms, nat=STRICT
[{clock3}] NET  packet loss 12.5% over last 5s
[{clock4}] NET  no packets for 8000ms, closing (reason=TIMEOUT, code=1006)
[{clock5}] UI   "Connection lost (1006)" shown
"""),
})


# --------------------------------------------------------------------------
# Per-language content.  POOLS: framing (greetings, sign-offs, pleasantries,
# openers/closers).  CONTENT: (product kind, template) lists per tier.
# English first, then German, Spanish, French, Portuguese.
# --------------------------------------------------------------------------
POOLS = {}
CONTENT = {}

POOLS["en"] = {
    "small_ctx_biz": ["I run a small {?bakery|design studio|physio practice|plumbing business} and use {product} for {?invoicing|bookings|the team's day-to-day stuff}.",
                      "The account was set up by my previous manager, who has since left, so I'm figuring things out on my own.",
                      "I'm the office manager at {company}, so billing questions land on my desk.",
                      "We only have {n} users, so nothing fancy."],
    "small_ctx": ["I've just come back from {?parental leave|a long holiday} and a lot seems to have changed in the app.",
                  "I'm travelling at the moment, so writing from my phone.",
                  "My {?son|daughter} usually helps me with this kind of thing but {?he's|she's} away this week.",
                  "I've been a customer for years and never had to do this before."],
    "greet": {
        "polite": ["Hi,", "Hello,", "Hi there,", "Hello {product} team,", "Good morning,", "Good afternoon,",
                   "Dear Support,", "Hi support,", "Hello team,", "Dear {product} support team,", "Hi all,"],
        "casual": ["hey", "hi!", "Hey folks,", "Hey there!", "hiya,", "Hi {product} people,"],
        "angry": ["", "Hello.", "To whom it may concern,", "Support,"],
    },
    "sign": {
        "polite": ["Thanks,\n{first}", "Thanks!", "Thank you,\n{fullname}", "Best regards,\n{fullname}",
                   "Kind regards,\n{fullname}\n{company}", "Cheers,\n{first}", "Many thanks in advance.",
                   "Thanks in advance,\n{first}", "Best,\n{first}", "Regards,\n{fullname}", "Thank you!\n{first}",
                   "--\n{fullname} | {company}"],
        "casual": ["thx", "cheers", "ty!", "thanks a ton", "- {first}"],
        "angry": ["I expect an answer today.", "Please fix this.", "Regards.", "Not impressed.",
                  "Waiting for a real answer this time.", "{fullname}"],
    },
    "pre": ["Hope you're having a good {weekday}!", "I've been using {product} since {year} and really like it.",
            "Sorry to bother you with what is probably a simple question.",
            "I'm not very good with computers so please bear with me.", "Quick one for you.",
            "My colleague said you'd be able to help.", "I hope this is the right place to ask.",
            "First time contacting support, so apologies if I'm in the wrong place.",
            "Hope all is well on your end.", "I tried looking in the help center but couldn't find it."],
    "post": ["No rush, whenever you get a chance.", "Thanks so much for your help!", "Appreciate it.",
             "Thanks in advance, you guys are great.", "Have a lovely day!",
             "If it's easier to call me, that's fine too.", "Sorry again for the basic question!"],
    "angry_pre": ["I've looked everywhere and can't find it.", "This should not be this hard.",
                  "Second time I'm asking this.", "Honestly getting frustrated.",
                  "Your help center is useless for this.", "I've been on hold for 25 minutes."],
    "mid_ctx": ["We're a {seats}-person team using {product} {?for client work|across two offices|since last year}.",
                "Some context: we moved to {product} from a competitor about {n} months ago.",
                "I manage the {product} account for {company}.",
                "Not a bug report exactly, more trying to understand the behaviour.",
                "Question about how {product} is supposed to work."],
    "r_open": [
        "We've been stuck on this for {?two days|most of the week|since {weekday}} and are out of ideas.",
        "Long message, sorry, but I'd rather give you everything up front.",
        "Not sure if this is on your side or ours, so here's everything I have.",
    ],
    "r_open_biz": [
        "Escalating this from our internal IT team, we've exhausted the obvious stuff.",
        "Posting on behalf of our dev team.",
        "This is a production issue for us.",
    ],
    "r_close": [
        "Happy to send full logs or jump on a call.",
        "Can this be escalated to someone on the engineering side?",
        "Any pointers appreciated, even just confirming whether this is a known issue.",
    ],
    "r_close_biz": [
        "This is blocking our {?month-end close|release|go-live on {weekday}}, so any help is appreciated.",
        "Let me know if you need a HAR file or more request IDs.",
        "We can give you temporary access to the environment if that helps.",
    ],
}

CONTENT["en"] = {
    "small": [
        ("any", "{?How do I reset my password? I {?forgot it|can't remember which one I used} and can't log in.|I'm locked out - forgot my password. How do I reset it?|Forgot my password again. Where is the reset link? The login page just says invalid credentials.}"),
        ("any", "{?I changed jobs and need to update the email on my {product} account to {email}. Where do I do that?|How can I change the email address I log in with? The new one would be {email}.|Please change my account email to {email}, or tell me where I can do it myself.}"),
        ("any", "{?Where can I update the credit card on file? {?My old one expired|My bank sent me a new card} and I don't want the next payment to fail.|Got a new card from my bank. How do I swap it in so my subscription keeps running?|How do I change the payment card on my account?}"),
        ("saas", "{?Can I download the invoice for {month}? I need it for {?my expense report|our accountant|the tax return}.|Where do I find last month's invoice? {?Accounting is chasing me for it.|Need it for expenses.}|Is there a PDF invoice for the {month} payment somewhere in my account?}"),
        ("saas", "{?How do I cancel my subscription? I don't see a cancel button {?anywhere|in the billing page}.|I want to cancel at the end of this billing period. What's the process?|Cancel my plan please. Or tell me where the button is hiding.}"),
        ("saas", "{?I'd like to switch from the {plan} plan to {plan2}. Can I do that myself or do you have to change it?|Can we move down from {plan2} to {plan}? When would the lower price kick in?|How do I upgrade to {plan2}?}"),
        ("store", "{?I returned order {order} {?last week|about ten days ago|on {date}}. When will the refund show up on my card?|You received my return for {order} on {date} according to tracking. How long until the money is back on my card?|Any update on the refund for order {order}? I sent it back {?two weeks ago|on {date}}.}"),
        ("any", "{?What are your support hours? Is anyone available on weekends?|Are you open on Saturdays? Need to know when I can call.|When can I reach someone by phone?}"),
        ("saas", "{?How do I add a new user to our team account? We just hired {?someone|a new designer|two people}.|Where do I invite a colleague? Can't find the option.|We have a new starter on {weekday}. How do I give her access to our workspace?}"),
        ("any", "{?Where is the setting to turn off email notifications? I get {?way too many|like 30 a day}.|How do I stop the daily summary emails?|Too many notification emails. How do I switch them off, or at least reduce them?}"),
        ("bank", "{?How do I change my card PIN in the {product} app?|Can I set a new PIN for my debit card through the app, or do I have to go to an ATM?|Forgot my card PIN. Can I see it or change it in the app?}"),
        ("bank", "{?Where can I download my statement for {month} as a PDF?|I need official bank statements for the last three months for a rental application. Where do I get those?|How do I get a stamped statement for {month}?}"),
        ("store", "{?Can I change the delivery address for order {order}? It hasn't shipped yet.|I put my old address on order {order}. Can you update it before it ships?|Wrong delivery address on my order ({order}). Is it too late to fix?}"),
        ("vpn", "{?How many devices can I use with one {product} subscription?|Can I use my {product} account on my laptop and my phone at the same time?|Is there a device limit on the family plan?}"),
        ("game", "{?I got a new phone. How do I move my {product} progress over from the old one?|How do I transfer my {product} save to a new device? Don't want to start from level 1 again.|Switching from Android to iPhone - will my {product} progress come with me?}"),
        ("any", "{?Is there a dark mode?|Any chance of a dark theme? Couldn't find it in settings.|How do I switch the app to dark mode?}"),
        ("any", "{?How do I turn on two-factor authentication for my account?|Where do I set up 2FA? Our IT requires it now.|Can I use an authenticator app for two-step login instead of SMS?}"),
        ("saas", "{?Do you offer a discount for {?nonprofits|students|educational institutions}?|We're a registered charity. Is there a nonprofit price?|Is there an education discount? I'm a teacher.}"),
        ("saas", "{?Where do I enter our VAT number so it shows up on the invoices?|Our invoices are missing our VAT ID. How do I add it?|Can you add our tax number to future invoices? Or is there a field for it?}"),
        ("any", "{?How do I delete my account {?and all my data|permanently}?|Please close my account. I won't be using it anymore.|I want my account and personal data deleted. What do I need to do?}"),
        ("store", "{?What's your return window? I bought {?a jacket|shoes|a backpack} on {date} and {?it doesn't fit|I changed my mind}.|How many days do I have to return something? The {?boots|sweater} I got don't fit.|Can I still return an item I bought on {date}?}"),
        ("bank", "{?I think I lost my card. How do I freeze it in the app until I find it?|How do I temporarily block my card? Might have left it at a restaurant.|Card missing. Quickest way to lock it?}"),
        ("crm", "{?How do I import contacts from a CSV file into {product}?|Can I bulk-upload leads from a spreadsheet?|What format does the contact import need? I have an Excel file.}"),
        ("any", "{?Can I change the interface language to {?Spanish|German|French|Portuguese}?|Is the app available in other languages? My colleague prefers {?Spanish|Italian}.}"),
        ("saas", "{?Is it possible to pay yearly instead of monthly? Is it cheaper?|How much do we save with annual billing, and how do I switch?}"),
        ("any", "{?I never got the verification email. Could you resend it to {email}?|The confirmation link never arrived (checked spam). Can you send it again?|Signed up an hour ago, still no activation email. My address is {email}.}"),
        ("vpn", "{?Where do I find my license key? I need to activate {product} on my new laptop.|Lost my activation code for {product}. Can you send it again?}"),
        ("store", "{?Do you ship to {country}? And roughly how long does it take?|What does shipping to {country} cost?|Can I order from {country} or is it only domestic?}"),
        ("saas", "{?How do I remove a user who left the company? Don't want to keep paying for their seat.|One of our team members left. How do I deactivate her account?|Need to remove an ex-employee's access today. Where's that done?}"),
        ("any", "{?How can I change my username?|Is it possible to change my display name? It still shows my maiden name.}"),
        ("saas", "{?When does my free trial end? I can't see the date anywhere.|How many days are left on my trial, and what happens when it runs out?|Will I be charged automatically when the trial ends?}"),
        ("store", "{?Can I use two discount codes on the same order?|The checkout only takes one promo code. Is there a way to stack them?}"),
        ("bank", "{?What is the daily transfer limit, and where do I change it?|I need to send a larger amount than usual this week. How do I raise my transfer limit?|Can I increase my card's ATM withdrawal limit in the app?}"),
        ("game", "{?How do I link my {product} account to Google Play so I don't lose my progress?|How do I connect {product} to my Game Center account?}"),
        ("any", "{?Where do I change my time zone? All the times show up in UTC.|The times in my account are off by {?one hour|several hours}. How do I set my time zone?}"),
        ("saas", "{?I was charged twice this month, {amount} on {date} and again the next day. Can you refund one of them?|Looks like a double charge on my card: two payments of {amount}. Please refund the duplicate.}"),
        ("store", "{?Where is my order {order}? Tracking hasn't updated in {n} days.|My package ({order}) still says 'label created'. When will it ship?|Order {order} was supposed to arrive {?yesterday|on {date}}. Any news?}"),
        ("any", "{?Can I export my data before I cancel?|Is there a way to download everything I've stored before closing my account?}"),
        ("crm", "{?How do I change the owner of a deal?|Can I reassign all of a salesperson's contacts to someone else at once? She's leaving.}"),
        ("vpn", "{?How do I choose a specific server country in the app?|Can I pick the server location myself or is it always automatic?}"),
        ("any", "{?Do you have a phone number I can call?|Is there phone support, or only chat and email?}"),
        ("saas", "{?Can I pause my subscription for {n} months instead of cancelling?|Our business is seasonal. Can we put the account on hold over the winter without losing our data?}"),
        ("bank", "{?How do I add my card to {?Apple Pay|Google Pay}?|Does the {product} card work with {?Apple Pay|Google Pay}? How do I set it up?}"),
        ("db", "{?How do I invite a teammate to our {product} project with read-only access?|Can I give our analyst read-only access to the database console?}"),
        ("db", "{?Where can I see how much we've been billed so far this month?|Is there a page that shows current month-to-date costs?|Can I set a budget alert so I get an email when we pass {amount2}?}"),
        ("any", "{?Is there an Android app or only iPhone?|Do you have a desktop app for Mac, or is it browser only?}"),
        ("saas", "{?How do I change the billing email so invoices go to {email} instead of me?|Please send our invoices to {email} from now on. Can I set that myself?}"),
        ("store", "{?Can I still cancel order {order}? I placed it {?an hour ago|this morning} by mistake.|Ordered the wrong size by accident ({order}). Can I cancel before it ships?}"),
        ("any", "{?Please unsubscribe me from the marketing newsletter.|How do I stop the promotional emails? I only want receipts.}"),
        ("game", "{?How do I turn off in-app purchases on my kid's phone for {product}?|My son spent {amount} on gems without asking. Can I set a purchase limit or a password?}"),
        ("mail", "{?How do I add a logo to my email templates in {product}?|Where do I change the sender name on my campaigns?|How do I send a test email to myself before the real send?}"),
        ("sync", "{?How do I share a folder with someone who doesn't have a {product} account?|Can I send a download link that expires after a week?}"),
        ("bank", "{?How do I update my home address in the app? I moved last month.|I moved house. Where do I change my address so the new card goes to the right place?}"),
        ("saas", "{?Can I get a receipt for invoice {invoice}? Finance needs it stamped as paid.|Invoice {invoice} says 'due' but I paid it on {date}. Can you send a paid receipt?}"),
        ("saas", "{?We're closing the books for {month} and our accountant wants every invoice from the last twelve months. Is there a way to download them all at once, or do I have to go through each month one by one?|Our auditor needs all invoices from last year. Is there a bulk download, or a yearly statement I can send instead?}"),
        ("bank", "{?My mum is {?78|82} and wants to stop getting paper statements in the post, but she isn't comfortable with apps. Can she switch to e-statements from the website instead, and where exactly is that option?|How do I stop paper statements? I'd rather have everything by email.}"),
        ("store", "{?I ordered a birthday present (order {order}) and wanted it gift-wrapped with a little note, but I only saw the option after paying. Can you still add gift wrapping? Happy to pay the difference.|Can I add a gift receipt to order {order}? It's a present and I don't want the price in the box.}"),
        ("saas", "{?How do I change our company name on the account? We rebranded.|Where do I update the billing address that appears on our invoices?}"),
        ("vpn", "{?Do you have a money-back guarantee? I signed up {n} days ago and it's not for me.|How do I get a refund for my {product} subscription? I bought the wrong plan yesterday.}"),
        ("crm", "{?How do I add a custom field to contacts, like 'customer since'?|Can I rename the deal stages in the pipeline?}"),
    ],
    "mid": [
        ("sync", "{?When I edit a file on my laptop while offline and a colleague edits the same file in the web app, {product} ends up creating a \"conflicted copy\". Why doesn't it merge the changes? And can I set it so one side always wins?|We keep getting \"conflicted copy\" files in shared folders. As far as I can tell it happens when someone works offline and another person edits the same document online. Is there no merging at all for office documents? Could we tell {product} to always keep the newest version instead?}"),
        ("saas", "{?Our monthly report shows {n2} completed tasks for {month}, but exporting the same filter to CSV gives me noticeably fewer rows. Are archived tasks counted in the report but left out of the export? Which number should I trust?|The dashboard and the CSV export disagree: same filter, same month, but the export has fewer completed items than the report widget. Does the export skip archived or deleted projects? I need to know which one to use for our client billing.}"),
        ("crm", "{?We have two pipelines in {product}, one for new business and one for renewals. If a deal is moved from one to the other, does its activity history follow it, and does it still count towards the first pipeline's win rate? Trying to understand why our win rate jumped last month.|When a deal moves from our 'New business' pipeline into 'Renewals', what happens to the win-rate stats? Last month our new-business win rate went up a lot and I suspect moved deals are being counted as won there. Is that how the reporting works?}"),
        ("saas", "{?Does the {plan} plan support SSO with {idp}, or do we need {plan2} for that? We're {seats} people and really only need SSO, none of the other enterprise features.|We need {idp} single sign-on for compliance reasons. Is that possible on {plan}, or is it only on {plan2}? If it's only the bigger plan, is there an add-on instead? We're only {seats} users.}"),
        ("saas", "{?I set up auto-assignment in round-robin mode, but one person gets way more than the others. Does round-robin skip people marked as away? And does the rotation reset every day or keep going?|Our round-robin assignment isn't very round: out of the last {n2} requests, one agent got almost half. Does the rotation take working hours or 'away' status into account, and is there any weighting we might have turned on by accident?}"),
        ("db", "{?Our {product} storage keeps growing even though we delete old rows every night. Does deleting actually free the space, or does some vacuum/compaction have to run first? Our bill went from {amount} to {amount2} and I'd like to understand why.|We purge old events every night, but the storage graph only ever goes up. Is deleted data still billed until something compacts it? If so, can we trigger that ourselves? Storage is now the biggest part of our bill.}"),
        ("store", "{?I have a monthly subscription box with you and also placed a separate one-off order. Can the two be shipped together? And if I skip next month's box, does my subscriber discount still apply to the one-off order?|If I pause my subscription box for a month, do I keep the subscriber discount on regular orders during that month? And is there a way to add extra items to the next box instead of paying shipping twice?}"),
        ("bank", "{?I set up a recurring transfer on the 31st. In months with 30 days it went out on the 1st of the next month instead of the 30th. Is that how it's meant to work? It messes up my rent payment.|My standing order is set for the last day of the month, but in {month} it was sent on the 1st of the following month. Is 'last day' handled as the 31st? Should I set it to the 28th to be safe?}"),
        ("vpn", "{?I enabled split tunneling in {product} so only my browser goes through the VPN, but my banking app still seems to be routed through it. Does split tunneling work per app on {os}, or only by IP range? And does the kill switch override it?|With split tunneling on, apps I excluded still show the VPN's IP address. Is split tunneling supported on {os} at all? I'm wondering if the kill switch or the 'block LAN' option is overriding it.}"),
        ("game", "{?If I play {product} on both my tablet and my phone with the same account, which progress wins when they sync? I lost about two days of progress on the tablet after playing on the phone.|How does {product} decide which save to keep when I play on two devices? My tablet had a newer save but when I opened the game on the phone it loaded an older one and overwrote everything.}"),
        ("saas", "{?Our team is spread over three time zones. When someone in {city} sets a due date, colleagues elsewhere see it as the day before. Are due dates stored in the creator's time zone? Is there a workspace-wide setting for this?|Due dates shift by a day for some of our people. I'm in {city}, my colleague is in Vancouver, and a task due Friday shows as Thursday for her. Is a due date a date or a timestamp in {product}? Can we force all dates to the same time zone?}"),
        ("crm", "{?The Outlook integration logs emails we send to contacts, but replies only get logged sometimes. Is there a rule for which replies are matched, like same thread only or only if the contact's address matches exactly?|Email sync records every email we send from Outlook, but only about half of the replies show up in the contact timeline. Do replies have to come from the exact address on the contact? Some of our customers reply from a different alias.}"),
        ("saas", "{?We'd like our external accountant to see invoices and nothing else. Can a guest role be limited like that on {plan}, or are custom roles only on a higher tier?|Is it possible to create a role that can only see the billing section? Our bookkeeper needs invoices but shouldn't see projects or client data. We're on {plan}.}"),
        ("any", "{?Your API docs say the limit is {n2} requests per minute. Is that per API key or per workspace? We run two integrations with separate keys and they seem to throttle each other.|Do rate limits apply per token or per account? Ever since we added a second integration, our first one hits 'too many requests' during the day, even though its own volume didn't change.}"),
        ("sync", "{?If I share a folder with a client via a public link and then move that folder inside another folder, does the link keep working? Do the link permissions get inherited from the new parent?|Do public links survive renaming or moving a folder? We reorganised our structure and a few clients say their links now ask them to log in.}"),
        ("db", "{?We're thinking of going from the {plan} tier to {plan2}. Would a read replica help with reporting queries slowing down the main app, or is it smarter to just run reports at night? Our daytime load is mostly reads.|Our BI tool runs heavy queries during the day and the app gets slow when it does. Is a read replica the right answer here, and is replication lag something we'd notice on dashboards? Which tier includes replicas?}"),
        ("saas", "{?Since version {ver} the timeline view hides tasks that have no start date. Was that intentional? A lot of our tasks only have a due date and now they're invisible there.|After the {ver} update, tasks without a start date disappeared from the timeline. Is there a view setting to show them again (e.g. as a single-day bar on the due date), or do we need to add start dates to everything?}"),
        ("store", "{?I bought something in your sale and a week later the price dropped again. Do you do price adjustments, and does that still work if part of the payment was a gift card?|Do you have a price match policy? I paid full price on {date} and it's now {pct}% off. I partly paid with store credit, not sure if that changes anything.}"),
        ("bank", "{?When I export transactions to CSV, pending ones don't appear, even though the app shows them. Then the following week they show up with a different date than the app had. Which date does the export use, booking date or value date?|My accounting software doesn't match the app: card payments show one date in the app and another in the CSV export. Is the export using the settlement date? And why are pending transactions missing from it?}"),
        ("crm", "{?We imported {n2} contacts and the deduplication merged some people who share a generic address like info@ or office@. How does {product} decide something is a duplicate, and can we change it to match on email plus company?|The duplicate detection merged contacts that are clearly different people, they just share a reception email address. What fields does the duplicate check use, and can we exclude generic addresses from it?}"),
        ("any", "{?About webhooks: if our endpoint is down for a few minutes, do you retry, and for how long? Also, are events delivered in order after a retry? We saw an 'updated' event arrive before the 'created' one.|How does webhook delivery behave when our receiver returns errors for a while? Do you queue and retry, and is ordering guaranteed? We'd like to know whether we need to handle out-of-order events ourselves.}"),
        ("saas", "{?Recurring tasks: if I finish this week's instance late, the next one gets scheduled from the completion date instead of the original schedule. Is there a way to keep it fixed to every {weekday}?|Why does the next occurrence of a recurring task move when I complete the current one late? I want our weekly report task to always be due on {weekday}, no matter when the previous one was ticked off.}"),
        ("game", "{?I'm in a guild in {product} and the weekly chest rewards look uneven. Is the share based on this week's contribution or total contribution since joining? I contributed more than most but got less.|How is guild chest loot split? Two people who joined this week got more than me, and I've been in the guild since {year}.}"),
        ("vpn", "{?Can I run {product} on my router and still use the app on my phone at the same time? Would that count as two devices, and would the double VPN cause problems when I'm at home?|If I install {product} on my router, do all devices behind it count as one connection? And should I turn the app off on my laptop when I'm at home, or is VPN-inside-VPN fine?}"),
        ("db", "{?Backups are set to daily, but point-in-time restore only goes back {n} days. Is retention separate from backup frequency? If we upgrade the plan, do we get the longer retention for backups that already exist?|How do snapshot backups and point-in-time recovery relate in {product}? We can see {n} days of PITR but older daily snapshots. Could we restore a specific hour from two weeks ago, or only the snapshot?}"),
        ("saas", "{?When I filter the dashboard by 'Last 30 days', the numbers don't match what I get by picking the exact dates by hand. Does 'last 30 days' include today? Is it rolling?|The 'This month' filter and a manual date range for the same month give different totals. Is one of them using UTC and the other my local time?}"),
        ("store", "{?Loyalty points from an order I partially returned were taken back, but the points I had spent on that order weren't credited back. How are points handled with partial returns?|How do loyalty points work when part of an order is returned? I lost the points for the returned item, which makes sense, but the {n2} points I redeemed on the order are gone too.}"),
        ("sync", "{?Does selective sync work together with files-on-demand on {os}? With both turned on, some folders show as synced but the files inside are just placeholders.|On {os}, what's the difference between excluding a folder via selective sync and setting it to online-only? I'm trying to free disk space without breaking the shortcuts people use.}"),
        ("crm", "{?Our 'New deal' trigger in Zapier fires for deals created through the API but not for deals created by converting a lead. Is a converted lead not treated as a new deal?|Converting a lead into a deal doesn't seem to fire the 'deal created' webhook. Is conversion a separate event type? Our onboarding automation depends on it.}"),
        ("saas", "{?We're on {plan} with {seats} seats. If I deactivate a user mid-month, is the seat credited pro rata or only at renewal? And can I give that seat to someone else straight away without being charged again?|How does seat billing work when people come and go? If I remove someone on the 10th and add a new person on the 20th, do we pay for one seat or two that month?}"),
        ("saas", "{?We want to use {product} with our own team and a few freelancers. What exactly can a guest see in shared projects compared to a member? We don't want freelancers seeing the budget fields.|Are custom fields visible to guests? We store rates and budgets in custom fields and we're about to invite external contractors into a few projects.}"),
        ("bank", "{?My partner and I have a joint account. If I set a spending limit on my card in the app, does it limit their card too or is it per card? And do the notifications go to both of us?|On a joint account, are card settings like online payments on/off and limits shared between both cards, or set per card holder?}"),
        ("db", "{?Does the {product} connection pooler support prepared statements in transaction mode? Our ORM uses them and we're not sure whether we have to switch to session mode.|We're moving our app to serverless functions and expect lots of short-lived connections. Is the built-in pooler the intended solution, and what do we lose in transaction mode (prepared statements, advisory locks, LISTEN)?}"),
        ("any", "{?I got 'Quota exceeded' when uploading attachments, but the usage page says we're only at {pct}% of our storage. Is there a separate per-file or per-day limit I'm hitting?|Uploads fail with a quota message although we're well below our storage limit. Is there a per-user or per-file cap separate from the workspace total?}"),
        ("saas", "{?If I duplicate a project, are the automations and integrations copied as well? After duplicating, the Slack notifications for the new project went to the old project's channel.|What does 'duplicate project' actually copy? Tasks and fields came over, but our automations didn't, and one integration seems to point to the original project.}"),
        ("store", "{?We'd like to order for our office on net-30 invoice terms. Is that possible with a business account, and can several colleagues order on the same account against a shared budget?|Can a business account have several buyers with their own logins but one invoice at the end of the month? We're setting up ordering for {n} departments.}"),
        ("game", "{?Does the daily login reward reset at midnight in my time zone or on server time? I keep losing my streak even though I log in every evening here in {city}.|What time does the daily reset happen? Events seem to end at random times for me in {city}, and I missed the last day of the event because of it.}"),
        ("vpn", "{?Why is my connection much slower on the {?Frankfurt|Amsterdam|London} servers than on others, even though they're the closest to me? Does the protocol (WireGuard vs OpenVPN) make a difference for that?|Speeds with {product} vary massively by time of day, from fast in the morning to barely usable at night. Is that server load? Would switching protocol or picking a less popular server help?}"),
        ("mail", "{?If a contact unsubscribes from one of our lists in {product}, are they removed from all lists or just that one? And do automated sequences they're already in keep sending?|How do unsubscribes interact with automations? Someone unsubscribed from our newsletter but still got the next two emails from a welcome sequence.}"),
        ("mail", "{?Our open rates dropped from around {pct}% to almost half after we switched to the new editor. Does the new editor change how tracking pixels are added, or is this more likely a deliverability thing?|Since Apple's privacy changes, our open rates look inflated. Does {product} filter machine opens, and is there a way to see clicks-only engagement for segmentation?}"),
        ("bank", "{?I paid for a hotel abroad in local currency and the amount in the app changed two days later when it was booked. Which exchange rate do you use, the one at payment time or at booking time? And is the FX fee calculated on the first or the final amount?|When I pay in a foreign currency, the card terminal offered to charge me in euros or in local currency. Which option is cheaper with {product}, and does your FX fee still apply if I choose euros?}"),
        ("saas", "{?We have two workspaces in {product}, one for our main office and one for {city}, and more and more people work across both. If we merge them, what happens to users who are in both, do they end up with duplicate accounts? Do project IDs change (we link to them from our wiki)? And would the combined workspace have to be on {plan2}, or can we stay on {plan} if the seat count stays the same? I'd like to understand the consequences before we ask for the merge.|We're thinking of splitting our single workspace into two (one per business unit). Can projects be moved between workspaces with their history, comments and attachments intact? What happens to people who need access to both, do they pay twice? And do integrations like our calendar sync need to be set up again in the new workspace?}"),
        ("crm", "{?Since version {ver} of the mobile app, calls made from the app are logged twice: once when the call starts and once when it ends. Colleagues using the desktop dialer don't have this. Is it related to the new 'log calls automatically' setting? If I switch that off, does manual logging still attach the recording? Our activity reports are inflated right now, so I'd also like to know whether the duplicates get cleaned up automatically or whether we have to delete them ourselves.|Our activity report counts meetings booked through the scheduling link twice: once as 'meeting booked' and once when the calendar event syncs. Is there a setting that decides which of the two counts as the activity? I'd rather not build a custom report just to dedupe them, and the numbers go into our sales bonuses.}"),
        ("db", "{?We'd like to move our {product} instance from {region} to a region closer to our users. Is that a migration you do for us, or do we create a new instance and restore a backup? Roughly how long would writes be unavailable for a database of about {gb}0 GB? And do the connection strings change, or is there a stable hostname we can keep using?|We need to upgrade our {product} instance to a new major Postgres version. Is that an in-place upgrade with downtime, or do we have to set up a new instance and migrate? Will extensions like pg_trgm and PostGIS carry over, and is there a way to test the upgrade on a copy first?}"),
    ],
    "reasoning": [],
}

CONTENT["en"]["reasoning"] = [
    ("db", """{?Our Python workers started failing against our {product} Postgres instance ({region}) right after we upgraded SQLAlchemy and deployed a new version of the {svc} service. Under normal load everything is fine, but during the nightly batch we get this:|Since the {svc} release on {weekday} (which also bumped SQLAlchemy to 2.x), our nightly batch against {product} dies with pool timeouts. Daytime traffic is unaffected. Trace:}

{art_py_pool}

{?And in the {product} console the connection count sits at the maximum for our tier at the same time.|At the same moment the {product} metrics page shows active connections flat at our tier's maximum.}

What we already tried:
1. Raised pool_size to 20 and max_overflow to 20 -> the error went away, but then the database started rejecting connections ("remaining connection slots are reserved").
2. Put your built-in pooler in front (transaction mode) -> prepared statements broke, see our other ticket.
3. Reduced the number of worker processes from {n} to 4 -> the batch now takes almost {hours} hours.
4. Added pool_recycle=300 in case of stale connections -> no visible change.

{?Questions: is there a hard connection limit per tier that isn't on the pricing page? Should we be using the pooler in session mode instead? And is it possible that idle connections are not being closed on your side after a failover?|What is the real connection limit on our tier, and does it include connections held by your pooler? Would session mode avoid the prepared-statement problem? We also had a failover on {date}; could connections from before that still be hanging around on your side?}"""),
    ("saas", """{?Since we upgraded our webhook forwarder from Node 16 to {node_ver}, roughly {pct}% of the calls to the {product} API fail with ECONNRESET. Nothing changed in our code except the Node version and the base Docker image.|After moving our forwarder service to {node_ver} (from 16), calls to the {product} API intermittently die with ECONNRESET - about {pct}% of them. The code is identical, only the runtime and base image changed.}

{art_node_reset}

{?It only happens when the service has been idle for a bit - the first request after a pause of ~5 seconds or more fails, the next one works.|The pattern: the first call after a few seconds of inactivity fails, the immediate retry succeeds.} I already tried:
- setting keepAlive: true on the https.Agent (made it worse)
- keepAlive: false (fixes it but latency goes up by about 150 ms per call)
- adding retries with exponential backoff (works, but it hides the problem and we get duplicate events sometimes)
- pinning the older base image with Node 16 (error disappears, so it's clearly the runtime)

{?Is your load balancer closing idle keep-alive connections after some timeout? If so, what is it, so we can set our agent's freeSocketTimeout below it? And are POST /v2/events calls idempotent if we retry them?|What idle timeout does your edge use for keep-alive connections? Node 19+ enables keep-alive by default, so I suspect we're reusing sockets you already closed. Also, can we send an idempotency key with POST /v2/events so retries don't create duplicates?}"""),
    ("saas", """{?We self-host {product} ({ver_new}) behind nginx on a single VM. Since upgrading from {ver_old} to {ver_new} last {weekday}, users randomly get 502 Bad Gateway, mostly when opening large projects or when the sync runs.|Self-hosted {product} here, single VM with nginx in front. The upgrade from {ver_old} to {ver_new} went through fine, but since then people get 502s, mostly on big projects and while the sync job is running.}

nginx error log:
{art_nginx_502}

Relevant part of our config:
{art_nginx_conf}

Steps we took so far:
1. Increased proxy_read_timeout to 300s - no change, the 502s happen within a few seconds, not after a timeout.
2. Checked the app container, it restarts about every {minutes} minutes (exit code 137) which lines up with the "connection refused" lines.
3. Gave the VM {gb} GB more RAM. Restarts became less frequent but didn't stop.
4. Set the worker count back to the value we had before the upgrade.

{?Did {ver_new} change the default memory settings or the number of worker processes? Is there a recommended setting for projects with more than {n3} items? Rolling back is an option but the migration ran already, so we'd rather not.|Exit code 137 looks like the OOM killer, so: does {ver_new} need more memory per worker than {ver_old}? What sizing do you recommend for about {n3} items per project? And if we have to roll back, is the database migration reversible?}"""),
    ("saas", """{?Our {product} connector job against Oracle fails every run since {date}. Error:|Since {date} every run of the {product} Oracle connector ends with this:}

{art_java_ora}

Config (passwords removed):
{art_connector_yaml}

{?The weird part: the table definitely exists. When I log in as ETL_READER in SQL Developer I can run SELECT * FROM {schema}.INVOICE_LINES without problems. INVOICES and CUSTOMERS sync fine, only INVOICE_LINES fails.|The table is there - logged in as ETL_READER I can query {schema}.INVOICE_LINES from SQL Developer just fine. The other two tables in the same job sync without errors.}

Things I checked:
- grants: ETL_READER has SELECT on all three tables (checked in ALL_TAB_PRIVS)
- there was a schema change on our side on {date}: INVOICE_LINES was recreated through a migration script, so the grant may have been re-applied to a role instead of the user directly
- restarted the connector, cleared its state, same error
- synonyms: there's no private synonym for ETL_READER, the job uses the schema prefix

{?Does the connector use role-based grants, or does it need a direct grant? And does it cache table metadata anywhere that needs to be reset after a table is recreated?|Roles aren't active inside definer-rights PL/SQL, so: does the connector call a stored procedure under the hood that would ignore role grants? And is there a metadata cache we should reset after recreating a table?}"""),
    ("saas", """{?Our Java integration stopped working this morning. All calls to {api_host} fail with:|Since about 8am every request our Java service makes to {api_host} fails the TLS handshake:}

{art_java_pkix}

{?We run on Java {java_ver}, behind a corporate proxy that does TLS inspection. Nothing changed on our side as far as I know, but I noticed your certificate was renewed yesterday and now seems to be issued by a different CA.|Environment: Java {java_ver}, outbound traffic goes through a TLS-inspecting proxy. We didn't deploy anything, but your certificate was renewed yesterday and the issuer looks different now.}

What I've tried:
1. Imported your new certificate into the JVM cacerts with keytool -> same error
2. Imported our proxy's root CA as well -> same
3. Pointed -Djavax.net.ssl.trustStore at a custom truststore containing both -> now it fails with "Received fatal alert: handshake_failure" instead
4. curl from the same server works fine (but curl uses the OS store, not Java's)

{?Did you change the certificate chain (intermediate) or the allowed cipher suites? Our security team needs to know exactly what to whitelist on the proxy before they touch anything.|Can you tell us the full new chain and whether you dropped any TLS 1.2 cipher suites with the renewal? Our security team won't change the proxy rules without an exact list.}"""),
    ("saas", """{?The {product} sync agent we run in Kubernetes is stuck in CrashLoopBackOff since we upgraded the Helm chart to {ver_new}.|After bumping the {product} Helm chart from {ver_old} to {ver_new}, the agent pod never becomes ready - it's crash-looping.}

{art_k8s_pods}

Our values for the container:
{art_k8s_yaml}

{?We doubled the memory limit once already and it just takes longer before it gets OOMKilled. The agent logs show it reaches "loading full index ({n2} objects)" every time right before it dies. With {ver_old} it ran for months with the same limits.|Doubling the memory limit only delays the OOMKill. The last log line before each crash is "loading full index ({n2} objects)". On {ver_old} the same limits were fine for months.}

1. Does {ver_new} load the full index into memory on startup now, instead of paging like before?
2. Is there an env var to force the old incremental mode?
3. Would lowering AGENT_CONCURRENCY help, or is memory usage independent of it?
4. How much memory per million objects should we plan for going forward?"""),
    ("saas", """{?I'm trying to verify your webhook signatures and it fails every single time, even though the secret is correct (copied it twice from the dashboard).|Webhook signature verification never succeeds for us. The secret is right, I've copied it from the dashboard twice.}

My handler:
{art_flask_hmac}

Log output:
{art_hmac_log}

{?I noticed the header value starts with "sha256=" but even after stripping that prefix it doesn't match.|Even with the "sha256=" prefix removed, the digests differ.} I also tried:
- using the secret as hex-decoded bytes instead of the raw string
- hashing with SHA-1 in case the docs are outdated
- rotating the secret and sending a test event
- comparing in lowercase/uppercase hex

{?Am I supposed to compute the HMAC over the raw request body instead of the parsed JSON? If yes, does Flask's get_json() change the bytes (key order, whitespace, unicode escaping)? Is there a reference implementation in Python somewhere?|My suspicion is that re-serialising the JSON changes the bytes. Should the signature be computed over request.get_data() exactly as received? Does the signed payload include a timestamp prefix? A short Python example in the docs would save people a lot of time.}"""),
    ("crm", """{?Our integration with {product} keeps losing its authorization every few days. The refresh call returns:|Every few days our {product} connection breaks and users have to re-authorize. The token refresh fails with:}

{art_oauth_json}

{?We run {n} instances of our backend behind a load balancer, and each one refreshes the token when it gets a 401. I suspect two instances refresh at the same time and one of them invalidates the other's refresh token, but I'm not sure how your refresh token rotation works.|There are {n} backend instances behind a load balancer and any of them may refresh when it sees a 401. My theory is a race: two refreshes at once, one invalidates the other. But I don't know your rotation rules.}

Things we tried:
- storing the tokens in Redis instead of in memory, so all instances share them - still happens, maybe less often
- refreshing proactively 5 minutes before expiry from a cron job - helped for a week, then failed again over a weekend
- re-authorizing the app manually, which works until the next failure
- adding a distributed lock around the refresh - too early to tell

{?Questions: Are refresh tokens single-use? Is there a grace period where the old refresh token still works after rotation? And is there any way to see in your audit log which client invalidated the token?|Are refresh tokens rotated on every use? If yes, is there a reuse window? Could a refresh token be revoked for other reasons, for example when a user changes their password or an admin edits app permissions? Your audit log doesn't show token events for us.}"""),
    ("saas", """{?SSO with {idp} broke for part of our users after we migrated to a new IdP tenant on {date}. About half of the people can log in, the others land on an error page.|On {date} we moved to a new {idp} tenant, and since then SSO into {product} only works for roughly half of the company.}

From your audit log:
{art_saml_log}

What we've done:
1. Re-uploaded the new IdP metadata in {product} admin -> some users started working
2. Synced the clock on our ADFS proxy, the skew warning went away for a day and came back
3. Compared working vs failing users: the failing ones all have bookmarks to the old login URL and start IdP-initiated login
4. Cleared cookies for one failing user - works once, fails again next morning

{?Could the Audience mismatch be caused by the tenant-specific entity ID? We never changed that setting, but maybe the migration switched it. And how do we support both IdP-initiated and SP-initiated login at the same time without the InResponseTo error?|Which entity ID is {product} expecting for our account, the generic or the tenant-specific one? Can it accept both during the transition? And is there any clock-skew tolerance setting on your side?}"""),
    ("mail", """{?Since {date} almost all of our campaigns from {product} to Gmail addresses bounce. Bounce message:|Gmail started rejecting nearly everything we send through {product} on {date}:}

{art_bounce}

DNS records as they are now:
{art_dns_mail}

What we've checked and tried:
- SPF includes your domain (we added it back in {month})
- DKIM: the setup wizard told us to create a CNAME for {selector}._domainkey, which we did, but as you can see the TXT lookup returns nothing. Our DNS provider flattens CNAMEs, could that be it?
- We set the DMARC policy to p=reject two weeks ago because of a spoofing incident. Before that everything was delivered.
- Sent a test to a Gmail address: "Authentication-Results" shows dkim=fail, spf=pass, but spf passes for your bounce domain, not ours, so alignment fails.

{?How do we get SPF or DKIM aligned with our own domain? Do we need a custom return-path? We cannot relax the DMARC policy again.|What's the correct way to get DKIM signing with our own domain on {product}? Is a custom bounce domain available on our plan? Relaxing DMARC isn't an option for us.}"""),
    ("sync", """{?The {product} desktop installer fails on all our managed Windows laptops (deployed via Intune), but works on machines where the user is a local admin.|We can't roll out the {product} desktop client through Intune: on managed laptops the installer aborts, on machines with local admin it works.}

Installer log:
{art_win_installer}

Tried so far:
1. Running the setup "as administrator" manually on one machine - it works there, but we can't do that on {seats} laptops.
2. Deploying the MSI directly instead of the exe bootstrapper, with ALLUSERS=1 - fails with error 1925.
3. Excluding C:\\Program Files\\{product} from Defender - no change.
4. Installing per-user (ALLUSERS=2, MSIINSTALLPERUSER=1) - installs, but then the auto-updater throws 0x80070005 on the next update.

{?Is there a supported way to deploy system-wide via Intune? Does the updater require admin rights every time, and if so, is there a way to disable it and push updates ourselves?|Do you publish an enterprise MSI for system context deployment? And can the auto-updater be disabled by policy or registry key so we can ship updates ourselves?}"""),
    ("vpn", """{?{product} connects fine at home but fails on our office network, and I can't figure out why.|At home {product} connects instantly. In the office it never gets past the handshake.}

Client log from the office:
{art_wg_log}

What I already tried:
- switching the protocol manually to OpenVPN UDP and TCP, both time out
- different servers ({vpnnode} and two others), same result
- lowering the MTU to 1280 in advanced settings
- hotspot from my phone while at the office: works instantly

{?Our IT says they don't block VPNs, but they do have a firewall with "application control". Which ports and domains does the client need besides 51820/UDP and 443/TCP? Does the app contact an API before connecting (for keys or server lists) that might be getting blocked? I'd like to send them an exact list.|Our network team insists nothing is blocked, although their firewall does deep packet inspection. Can you give me the full list of ports, protocols and hostnames the client needs, including anything it contacts before the tunnel (auth, server list)? And is there an obfuscation/stealth mode for networks like this?}"""),
    ("game", """{?{product} crashes every time I open the inventory since the update to {app_ver}. It started right after the update, before that it was fine.|Since patch {app_ver}, {product} closes itself whenever I open my inventory.}

Device: {phone}, {android}

{?I connected it to my PC and got this from logcat:|My friend helped me pull the crash from logcat:}
{art_android_npe}

Steps to reproduce:
1. Launch the game and log in
2. Tap the bag icon (inventory)
3. Scroll down to the bottom of the list
4. Crash to home screen

{?Already tried: clearing the cache, reinstalling, logging out and in. My friend has the same phone and doesn't crash, but she has fewer items. I have a lot of event items from last season, could one of those be broken? I don't want to lose them, so please don't just reset my inventory.|I cleared the cache, reinstalled and logged out/in, no change. Sorting the inventory by rarity makes it crash immediately instead of at the bottom, so I think one specific item is broken, maybe one of the old event items. Can you check my inventory on your side without wiping it?}"""),
    ("bank", """{?I need help with a transfer that seems to have disappeared between you and the recipient's bank, and nobody can tell me where it is.|Money left my account but never arrived, and I'm getting nowhere with the hotline.}

On {date} I sent {amount2} as an instant transfer to my landlord. The {product} app showed it as "Completed" within seconds and the money was taken from my balance. My landlord's bank says nothing arrived. Two days later I checked my statement and there the same transaction shows as "Pending", not completed, and it has a different reference number than the one in the app ({refcode}).

{?What I've done so far: I called your hotline, they told me to wait 3 business days. I waited 5. Then I asked my landlord to call his bank, they said they need the end-to-end reference from the sending bank to investigate. I don't know if that's the number in the app or the one on the statement. I also tried to download a payment confirmation in the app but the button is greyed out for this transaction.|So far: the hotline told me to wait three business days, I gave it five. My landlord's bank needs the end-to-end ID from you to trace it, but I can't tell which of the two references that is. The "download confirmation" button is disabled for this payment, and the chat bot just closes the conversation.}

{?So my questions: Which status is correct, the one in the app or the statement? Was it actually sent as an instant payment or did it fall back to a normal transfer? Can you open a trace/recall request with the receiving bank, and which reference do I give my landlord? This is my rent and I'm now getting late notices.|Could you tell me: where is the money right now? Did the instant payment fail and get re-sent as a standard transfer? Can you start a recall or investigation with the receiving bank, and what exactly should my landlord give his bank? I've already received one late-payment letter.}"""),
    ("store", """{?We sell on {product} and since {date} orders that customers have paid for are not showing up in our store backend, or show up hours later.|Since {date} some paid orders never show up in our {product} admin, or arrive hours late.}

Here's what we see, in order:
1. The customer pays; the payment provider shows the charge as captured and sends the confirmation email.
2. The order does not appear in our order list. Sometimes it shows up {hours} hours later, sometimes never.
3. Because the order never arrives, stock isn't reduced, so we've oversold the same item {n} times this week.
4. Our warehouse system pulls orders from your API every 10 minutes, so those orders never get shipped either.

{?What we've checked: the payment provider's webhook log says deliveries to your endpoint returned 200. Our theme was not changed. We disabled the two apps we installed recently (a reviews widget and a currency converter), no difference. It seems to happen more with customers who pay with a wallet (Apple Pay/Google Pay) than with cards, but I'm not 100% sure.|Checked so far: the payment provider shows your endpoint answering 200 for every webhook. No theme changes. Disabling our two newest apps made no difference. Wallet payments seem over-represented among the missing orders, though the sample is small.}

{?Is there a queue on your side between the payment confirmation and order creation that could be backed up? Can you check the missing orders from the last 7 days? And how can we reconcile the payments that never became orders, is there an export for that?|Where does an order live between "payment confirmed" and "order created"? Can you look up the payments from the last week that didn't turn into orders? And what's the fastest way for us to reconcile them ourselves?}"""),
    ("crm", """{?I'm trying to bulk-import a contacts export from our old system into {product} using the Python script from your docs and it dies almost immediately:|Your sample import script fails on the very first rows of our contacts file:}

{art_py_unicode}

The file comes from Excel on Windows. I already tried:
- open(..., encoding="utf-8-sig") -> same error at the same byte
- encoding="latin-1" -> the import runs, but names like "José" and "Müller" end up as "JosÃ©" and "MÃ¼ller" in {product}
- re-saving from Excel as "CSV UTF-8" -> now the semicolons are the separator and every contact lands in a single column
- encoding="cp1252" -> import works locally, but I'm not sure the API then stores it correctly

{?We have {n2} contacts with names in German, Spanish and Portuguese so I can't fix them by hand. What encoding does your import API expect, and does the CSV importer in the web UI detect the delimiter automatically? Would it be safer to go through the web importer instead of the API?|With {n2} contacts, fixing names by hand is out. Does the API require UTF-8 strictly? Does the web importer auto-detect encoding and delimiter? And can I undo the test import that produced the broken names?}"""),
    ("saas", """{?After upgrading {sdk} from {ver_old} to {ver_new} our invoice sync crashes:|Bumping {sdk} to {ver_new} (from {ver_old}) broke our invoice sync:}

{art_node_typeerror}

The code that calls it hasn't changed:
{art_node_invoice_code}

{?It looks like some invoices don't have a customer object anymore. I logged the raw response and those invoices have "customer": null plus a new field "customer_id". The changelog for {ver_new} only mentions "performance improvements for list endpoints".|The raw response shows "customer": null and a new "customer_id" field on some invoices. Nothing about this in the changelog, which just says "performance improvements for list endpoints".}

Questions:
1. Is the customer object now only included when you pass expand[]=customer?
2. Is this change also in the REST API, or only in the SDK?
3. Are there other fields that changed the same way? We don't want to find out one crash at a time.

For now we pinned {ver_old} again, but we need a fix from the newer version for another bug."""),
    ("crm", """{?Our nightly full sync from {product} into our data warehouse has been failing for a week. Log excerpt:|For a week now our nightly {product} -> warehouse sync dies on rate limits:}

{art_ratelimit_log}

{?We run {n} workers, and until recently the job finished in about 40 minutes. We didn't increase the number of workers. The only change on our side is that marketing connected a second integration (a dashboard tool) using a different API key.|Same {n} workers as always, and the job used to finish in ~40 minutes. The only change: marketing hooked up a dashboard tool with its own API key.}

What I tried:
- respecting Retry-After (we do, as you can see, it just keeps coming back)
- dropping to 2 workers -> job doesn't hit 429 but takes over {hours} hours
- switching to the bulk export endpoint -> it returns 403 "feature not available on plan"
- spreading the requests with a token bucket at 80% of the documented limit

{?So: is the rate limit shared across all API keys of the account? Does the Retry-After value grow if we keep retrying? And which plan includes the bulk export endpoint - I couldn't find it on the pricing page.|Is the limit per account rather than per key? Is there a header telling us the remaining budget across all keys? And which plan unlocks bulk export?}"""),
    ("store", """{?We use {product} with our own inventory service and since last week we get deadlocks in Postgres almost every evening during peak hours. Checkout then fails for the customer with a generic error.|Our inventory service (which sits next to {product}) has been deadlocking in Postgres every evening since last week, and customers get a generic checkout error when it happens.}

Postgres log:
{art_pg_deadlock}

Our service reserves stock when an item is added to a cart and decrements it again when the order webhook from {product} arrives. Both paths run UPDATE statements on stock_levels. When an order contains several items, the rows are updated in the order the items appear in the cart.

Already tried:
1. retrying the transaction on deadlock (SQLSTATE 40P01) - reduces failed checkouts but we still see 2-3 per evening
2. SELECT ... FOR UPDATE before the update - made it worse
3. lowering the webhook concurrency on our side to 1 - fixes it, but then webhooks pile up and orders get confirmed minutes late
4. sorting the SKUs before updating - helps in our cart path, but we don't control the webhook order

{?Does {product} send order webhooks for the same order in parallel (e.g. order.created and order.paid at the same moment)? And is the line item order in the webhook guaranteed, or can it differ from the cart?|Can two webhooks for the same order be in flight at the same time? Is the line-item order in the payload stable, or can it change between order.created and order.paid?}"""),
    ("db", """{?After migrating from our self-managed Postgres {pg_ver} to {product}, one of our core reporting queries went from ~300 ms to over {?20|30|40} seconds.|We moved from our own Postgres {pg_ver} box to {product} last month. Most things are faster, but one reporting query is now about 100x slower.}

{art_explain}

On the old server the planner used the index on orders(created_at). On {product} it does a seq scan. Things I did:
- ran ANALYZE orders; ANALYZE customers; -> no change
- checked the index exists: yes, orders_created_at_idx is there and valid
- set enable_seqscan = off in a session -> index is used and it's fast again, but obviously that's not a solution
- compared random_page_cost: 1.1 on our old box, 4 on {product}

{?Is random_page_cost something we can change on our plan, or is it locked? Is storage on {product} network-attached (which would explain the default)? And would you recommend a partial index or partitioning for the last-30-days pattern?|Can we set random_page_cost and effective_cache_size per database on {product}? If not, what's your recommended approach for this kind of time-range query - a BRIN index, partitioning by month, something else?}"""),
    ("saas", """{?Self-hosted {product} with docker compose. After moving from the old docker-compose v1 to the compose plugin and pulling {ver_new}, background jobs don't run anymore.|Background jobs stopped on our self-hosted {product} after two changes at once: compose v1 -> compose plugin, and the image bump to {ver_new}.}

Logs:
{art_node_redis}

docker-compose.yml:
{art_compose}

.env:
{art_dotenv}

{?I already restarted everything, removed the containers, and checked that redis is running (docker compose ps shows it healthy). From inside the app container `nc -z redis 6379` succeeds, but the app still tries 127.0.0.1.|Containers were recreated from scratch and redis shows as healthy. `nc -z redis 6379` works from inside the app container, yet the app keeps connecting to 127.0.0.1.} {?Did {ver_new} start ignoring REDIS_URL in favour of a new variable? The upgrade notes only mention the license key change. Also: the dashboard now shows "Background sync disabled" - will the jobs that were queued before the upgrade be lost?|Is REDIS_URL still the variable {ver_new} reads, or did it change to something like REDIS_HOST/REDIS_PORT? And are the jobs that were queued before the upgrade still recoverable?}"""),
    ("saas", """{?Large exports from {product} Data Center crash the export worker with OutOfMemoryError. Small exports work.|Our big exports in {product} Data Center never finish - the worker runs out of heap. Smaller ones are fine.}

{art_java_oom}

Server: Java {java_ver}, -Xmx{xmx}, 16 GB RAM on the VM. The export is {bigrows} rows with attachments metadata.

What we've already done:
1. Increased -Xmx step by step up to {xmx}, the export just gets a bit further before crashing
2. Switched to G1GC explicitly and enabled heap dumps. The dump is 90% StringBuilder/char[] from CsvWriter
3. Tried splitting the export by date range through the UI, but the UI only allows one export at a time and each still takes hours

{?It looks like the CSV writer builds the whole file in memory before writing. Is there a streaming export mode or an API endpoint that pages through results? Is this fixed in a newer version than {ver_new}?|From the heap dump it seems the whole CSV is built in memory. Is there a setting for streaming exports, or an API we can page through instead? And is this addressed in any release after {ver_new}?}"""),
    ("saas", """{?Our API calls from the production server get 403 while the exact same request from my laptop works.|Same API key, same request: from my laptop it works, from our production servers it's a 403.}

{art_curl_403}

What we tried:
- generated a new API key -> same
- checked the IP allowlist in the admin panel: our server's outbound IP {ip2} is on the list
- the server goes out through a NAT gateway in {region}; I confirmed with curl ifconfig.me that the public IP is {ip2}
- from a different server in the same VPC it also fails

{?"Request blocked by network policy" isn't in your docs. Is there a second firewall layer (WAF / geo-blocking) in front of the API that ignores the allowlist? Could the request ID above tell you why it was blocked?|Where does "Request blocked by network policy" come from - your WAF, a geo rule, bot protection? Can you look up the request ID and tell us which rule fired? Our cloud provider's IP range might be on a blocklist.}"""),
    ("store", """{?The nightly order export from {product} to our logistics partner's SFTP has been failing about 3 nights out of 5 since the start of {month}.|Our scheduled {product} export to the 3PL's SFTP server fails most nights since early {month}.}

{art_sftp_log}

Setup: the export runs on your side (scheduled export feature), target is our partner's SFTP server. The partner says they didn't change anything but they did "upgrade the firewall".

Things we tried:
1. Manually triggering the export during the day - always works
2. Changing the schedule from 02:00 to 04:00 - fails less often but still fails
3. Asking the partner to whitelist your export IPs - they want the complete list, which I couldn't find
4. Switching to key-based auth - same

{?Can you give us the list of source IPs the export uses? Do you retry with the same IP or can it change between retries? And can we get the file delivered by email as a fallback when the upload fails, so the warehouse isn't blocked?|Which egress IPs does the scheduled export use, and are they stable? Could the partner's firewall be rate-limiting new SSH connections from your range at night? And is there a fallback destination (email, S3) we can configure?}"""),
    ("crm", """{?We're getting duplicate contacts in {product} and I believe it's a loop between three systems, but I can't prove where it starts.|Duplicates keep appearing in {product}, and I'm fairly sure it's a sync loop involving three tools.}

Our setup: the website contact form writes into {product} via the official plugin. {product} syncs contacts to our email marketing tool (two-way sync). Our sales team also imports trade-show leads from spreadsheets every few weeks.

What happens:
1. A person fills in the web form. A contact is created in {product} - fine.
2. Within a few minutes, a second contact with the same email appears, owner "Integration user", with the lifecycle stage reset to "Subscriber".
3. If a salesperson merges the two, after the next sync a third one shows up.

{?What we tried: disabled the two-way sync for a day - no new duplicates that day. Re-enabled it with "match on email" instead of "match on ID" - duplicates came back, but only for contacts whose email has uppercase letters. Also checked the form plugin version, it's {ver}.|Turning off the two-way sync for a day stopped the duplicates. With matching switched to email, they came back but only for addresses containing capital letters. The form plugin is on {ver}.}

{?So: does the sync match emails case-sensitively? If so, is there a way to normalise existing records? And after fixing it, how do we merge about {n2} duplicates without losing the activity history from both sides?|Is email matching case-sensitive in the sync? How can we lowercase existing emails in bulk? And what's the safest way to merge around {n2} duplicate pairs while keeping both activity histories?}"""),
    ("game", """{?I've paid for gems in {product} {n} times now and twice I didn't get them. I contacted in-game support and got a copy-paste answer telling me to restart the game. I did, multiple times. Here's what I captured with my brother's help (he's a developer):|Two of my gem purchases in {product} never arrived, and in-game support just told me to restart. My brother (a developer) helped me capture what happens:}

{art_mobile_log}

So as far as I understand, Google took the money (I have the receipts with the order IDs), but your server refused to give me the items because it thinks the receipt was already used. I did play on two devices that day, my phone and my tablet, both with the same account. The purchase was made on the tablet.

{?Things I've tried: restarting, "restore purchases" in settings (it says nothing to restore), logging in on the phone first, clearing data on the tablet (which lost my local settings).|I've tried restarting, "restore purchases" (nothing to restore), logging in on the phone first, and clearing the app data on the tablet.}

{?Can you check on your side whether the receipt got consumed by the other device and the gems went somewhere else? And if it's truly lost, can you manually add the {gems} gems or refund me? I can send both receipts.|Could you check whether the receipt was consumed by my other device or even another account? If the gems are gone, please credit the {gems} gems manually or refund me; I have both receipts.}"""),
    ("saas", """{?Short one: since upgrading {sdk} to {ver_new} every call to list_invoices() fails with|{sdk} {ver_new} breaks list_invoices() for us:}

{art_py_attr}

{?Works fine on {ver_old}. Did the pagination response change? Our code doesn't touch `meta` directly, it's inside your client.|Rolling back to {ver_old} fixes it. Looks like the response no longer has `meta` - was pagination moved to headers?}"""),
    ("saas", """{?Every night at around 02:00 our batch uploader fails with `java.net.SocketTimeoutException: Read timed out at com.{pkg}.sync.HttpTransport.execute(HttpTransport.java:{ln1})`. Daytime runs with the same data work. Is there maintenance or a backup running on your side at that time? Already raised our timeout to 120s, no change.|Nightly uploads die at ~02:00 with `java.net.SocketTimeoutException: Read timed out` (HttpTransport.java:{ln1}). Same batch at noon = fine. Timeout already at 120s. Anything scheduled on your end around 2am?}"""),
    ("saas", """{?POST /v2/exports returns HTTP 503 for roughly 1 in 5 requests since {date}. Each failure takes exactly 30 seconds:|About 20% of our POST /v2/exports calls return 503 since {date}, always after exactly 30s:}

{art_http503_access}

{?Retrying with backoff usually works on the second attempt, but not always. Is there an ongoing incident or a 30s timeout on your gateway we should know about?|Backoff-retry mostly succeeds on the 2nd try. Is there a 30s gateway timeout we're hitting with larger export requests, or an incident?}"""),
    ("saas", """{?Our container won't start after the upgrade to {ver_new}:|Container crash-loops on boot since {ver_new}:}

{art_py_env}

{?The variable IS set in our Kubernetes secret and `kubectl exec ... env` shows it. Did the settings module change how it reads env vars (prefix, file-based secrets)? Worked on {ver_old}.|The env var is definitely present (checked with kubectl exec env). {ver_old} starts fine with the identical manifest. Was the variable renamed?}"""),
    ("saas", """{?Realtime updates stopped working for everyone on our self-hosted {product} after we put it behind our new reverse proxy. Pages only refresh every 30 seconds now.|Since we moved our self-hosted {product} behind a new nginx reverse proxy, live updates are gone; the UI falls back to polling.}

Browser console:
{art_ws_console}

Our nginx location block:
{art_nginx_ws}

{?I think the Upgrade/Connection headers are missing, but when I add them the whole site returns 400 for normal requests too, because we use the same map for everything. I've also tried proxying /realtime to a separate upstream, same 400.|Adding the Upgrade/Connection headers globally breaks normal requests (400), and a dedicated upstream for /realtime still gets 400.} {?Is there a specific path prefix besides /realtime that the websocket uses (e.g. /socket or /cable)? And does the app check the Origin header against APP_URL? Our public hostname differs from the internal one.|Does the websocket endpoint validate the Origin header against APP_URL? Our public and internal hostnames differ. And are there other paths besides /realtime that need upgrade handling?}"""),
    ("saas", """{?We deprovisioned a user in {idp} (she left the company), SCIM shows the deactivation arriving in {product}, but she still had access afterwards:|A leaver was deactivated via SCIM from {idp}, but her API token and mobile session kept working afterwards:}

{art_scim_log}

So the web session seems to be killed, but the API token and the mobile app session kept working. We found this during a security review and need to understand the exact behaviour:
1. Does deactivation via SCIM revoke personal API tokens?
2. How long does a mobile refresh token stay valid after deactivation?
3. Is there an admin setting to revoke all sessions immediately, and can it be triggered via the SCIM PATCH?

{?We also tried the "Sign out everywhere" button on her profile after the fact, but it's greyed out for deactivated users.|After the fact we tried "Sign out everywhere" on her profile; it's disabled for deactivated accounts, so we had to reactivate her, sign out, and deactivate again.}"""),
    ("bank", """{?Card payments at one specific online shop keep failing with my {product} card, and the shop says it's your side. I've now spent three evenings on this.|One online shop always declines my {product} card, and their support blames you.}

Their support sent me this from their payment log:
{art_payment_log}

{?What happens on my phone: I get the push notification to confirm in the {product} app, I tap it, the app opens on the home screen and there's nothing to confirm. If I open the app first and then pay, no notification comes at all.|On my phone, the approval notification arrives, but tapping it just opens the app's home screen with nothing to approve. Opening the app before paying doesn't help either.} With another card (from a different bank) the same shop works fine. Other shops with my {product} card work fine too - but those might not ask for the extra confirmation.

I already: updated the app to {app_ver}, re-enabled notifications, logged out and back in, and re-registered the device as my trusted device (which took a day). Nothing changed.

{?Is there a problem with the 3-D Secure confirmation for certain merchants? Could it be related to the shop being registered in another country? And is there a fallback (SMS code) I can switch to?|Why would the 3-D Secure challenge never show up in the app for this merchant? Can you see the declined attempts on your side? And can I switch to SMS codes as a workaround?}"""),
    ("db", """{?Terraform apply against {product} keeps failing halfway and now our state is out of sync.|Our Terraform run against {product} failed mid-apply and the resource is now stuck.}

{art_terraform}

Context: we changed the instance size and added a read replica in the same apply. The console shows "maintenance in progress" for about {minutes} minutes and then nothing happens - the size is still the old one.

Tried:
- terraform refresh, then apply again -> same 409
- applying the size change alone with -target -> 409
- waiting overnight -> the console no longer shows maintenance, but the apply still returns 409

{?Is there a stuck operation on the instance that we can't see? How do we clear it? And is it safe to add the replica and resize in one apply, or should those always be separate?|Can you check for a hung operation on this instance and cancel it? Should resize and replica creation always be split into separate applies?}"""),
    ("mail", """{?Our signup form embedded from {product} stopped submitting on our website. Nothing appears in the list and the console shows:|The {product} signup form on our site silently fails; submissions never reach the list. Console:}

{art_cors_console}

Embed code on the page:
{art_embed_snippet}

{?We moved the site from www-less to www.{custdom} last {weekday}. I added www.{custdom} to the "Allowed domains" in the form settings and cleared our CDN cache. Still blocked. I also tested in an incognito window and on my phone.|The only change: last {weekday} the site moved to www.{custdom}. That domain is now in the form's allowed domains, CDN cache is purged, tested incognito and on mobile - still blocked.} {?Is there a delay before allowed domains take effect? Does the data-region have to match our account region, ours is in {region}?|Do allowed-domain changes take time to propagate? And does data-region need to match our account's region ({region})?}"""),
    ("sync", """{?Files from one shared folder in {product} won't sync for two of our users; the others are fine. The client log shows:|Two people in our team can't sync a handful of files from one shared folder. Everyone else is fine. Client log:}

{art_app_sync_log}

It's always the same items, all Excel files that are open on someone's machine most of the day. Steps we did:
1. Pausing and resuming sync -> same items skipped
2. Unlinking and relinking the account for one user -> the first sync is fine, then the same error returns the next day
3. Asked everyone to close Excel over lunch - the items synced during lunch, then conflicted again

{?Is {product} unable to sync files that are locked by Office? Does co-authoring in the web version change the etag even without content changes? We need one source of truth for these files, what's the recommended setup?|Does an open Excel file (with its lock file) block sync? Could web co-authoring bump the etag without real changes? What do you recommend for spreadsheets that several people keep open all day?}"""),
    ("vpn", """{?Since the {product} update to {ver_new} on {os}, when the VPN is connected, our internal hostnames (*.corp.local) don't resolve anymore. Public sites work fine.|{product} {ver_new} broke internal DNS for us: with the VPN up, *.corp.local names time out, public names resolve fine.}

Steps to reproduce:
1. Connect to the office network (DNS server 10.0.0.53)
2. Connect {product} with "Use {product} DNS" disabled
3. nslookup intranet.corp.local -> times out
4. Disconnect the VPN -> resolves immediately

{?Also tried: enabling local network access, adding 10.0.0.0/8 to split tunneling exclusions, and flushing the DNS cache. None of it helps. On {ver_old} this all worked with the same settings. Did the new version start forcing DNS through the tunnel even when the setting is off? Is there a config file or CLI flag to restore the old behaviour?|Local network access is on, 10.0.0.0/8 is excluded from the tunnel, DNS cache flushed - no change. {ver_old} worked with the same settings. Is DNS now always forced through the tunnel? Any flag to get the old behaviour back?}"""),
    ("saas", """{?Our export script can't reach your API since this morning:|Since this morning our Python export job fails with a certificate error:}

{art_py_ssl}

{?It runs on a Debian VM behind our company proxy. From a Windows laptop on the same network the API opens in the browser without any certificate warning.|The job runs on Debian behind our corporate proxy; browsers on Windows in the same network see no certificate problem.}

What I did so far:
1. pip install --upgrade certifi -> no change
2. added the proxy root CA with update-ca-certificates and set REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt -> the error changes to "self-signed certificate in certificate chain"
3. verify=False just to test -> works, but obviously we can't leave it like that
4. openssl s_client -showcerts against {api_host} -> the chain shows our proxy's CA, not yours

{?Did you switch certificate authority or intermediate recently? Our network team wants to know whether {api_host} should be excluded from TLS inspection on the proxy, and if so which other hostnames the API redirects to (CDN for export downloads?).|Did your CA or intermediate change this week? If we exclude {api_host} from TLS inspection, are there other hostnames involved (e.g. a CDN for export files) that need the same exception?}"""),
    ("saas", """{?Part of your webhook events started failing on our side on {date}:|Since {date} a subset of {product} webhook events crash our handler:}

{art_py_keyerror_webhook}

{?It only happens for invoices created from the customer portal; the ones our team creates are fine. I looked at the payload of a failed event and "customer" isn't inside "data" at all, there's a top-level "customer_id" instead.|Only invoices created via the customer portal are affected. Their payload has a top-level "customer_id" and no "customer" object inside "data".}

Steps so far:
1. Checked the API version pinned on the webhook endpoint: it says {ver_old}, but the dashboard shows a banner that {ver_new} becomes the default soon
2. Resent the failed events from the dashboard: they fail the same way
3. Created a test endpoint pinned to {ver_new}: all events there have the new shape

{?Is it possible that some events are already sent in the new format even though our endpoint is pinned to the old version? How do we migrate without dropping events during the switch? And do retries (we're at attempt 3) use the original event format or the current one?|Why would a pinned endpoint receive new-format payloads? What's the safe migration path, run two endpoints in parallel? And will the pending retries be re-rendered in the new format?}"""),
    ("saas", """{?Our nightly export works perfectly when I run it by hand but fails every night from cron. Setup:|Manual runs of our export succeed; the 02:15 cron run fails every time.}

{art_cron_env}

Output from the cron run:
{art_py_env}

What I tried:
- putting the variable in /etc/environment -> nothing
- exporting it inside export.sh before calling python -> works, but then the API key sits in plain text in the script, which security won't accept
- running as the cron user with `sudo -u deploy ./export.sh` -> works (because it loads my .bashrc, I assume)

{?Since {ver_new}, does your client no longer read ~/.{pkg}/credentials? On {ver_old} we didn't need any environment variable at all. What's the recommended way to pass the key to a scheduled job?|On {ver_old} the client picked the key up from ~/.{pkg}/credentials; does {ver_new} only read the environment now? How do you recommend passing secrets to cron or systemd timers?}"""),
    ("db", """{?Our workers lose their connection to the {product} instance ({region}) every night. During the day it's fine.|Nightly jobs hit "too many clients" on our {product} instance in {region}.}

{art_py_pg_slots}

At the same time the dashboard shows connections pinned at the limit of our tier. We run {n} worker processes, each with its own SQLAlchemy pool (pool_size=10).

Tried:
- pool_size down to 5 -> error shows up later, but it still shows up
- pool_pre_ping=True -> no difference
- your built-in pooler in transaction mode in front -> our prepared statements break

{?Do pooler connections also count against the limit? After a failover, are old connections closed on your side or do they linger as idle? And would moving to {plan2} actually fix this, or is this a config problem on our end?|Are connections from your pooler counted toward our max_connections? Can we see which client addresses hold connections? Would {plan2} really help or just move the ceiling?}"""),
    ("sync", """{?Quick one but it's blocking us: since updating the desktop client to {ver_new}, sync stops on {?Windows 11|Windows 10} with "Error 0x8007016A: The cloud file provider is not running." Restarting the client fixes it for ~{minutes} min. Reinstalled already, also tried disabling files-on-demand. Known regression? {ver_old} was fine.|Desktop client {ver_new} on {?Windows 11|Windows 10}: sync halts with 0x8007016A ("cloud file provider is not running") every {minutes} minutes or so. Client restart helps briefly; reinstall and disabling files-on-demand didn't. {ver_old} had no issue. Regression?}"""),
    ("crm", """{?Node integration crashes on every run since yesterday with `TypeError: Cannot read properties of undefined (reading 'id') at mapDeal (/app/src/sync/deals.js:{ln1}:{col})`. Nothing deployed on our side. Did the /v1/deals response change? Owner field seems to be missing on some deals.|Since yesterday: `TypeError: Cannot read properties of undefined (reading 'id')` in mapDeal (deals.js:{ln1}). We didn't deploy. Some deals from /v1/deals come back without `owner` - intended?}"""),
]


CONTENT["en"]["reasoning"] += [
    ("bank", """The {product} iOS app crashes right after Face ID since I updated my iPhone to {ios}. It opens, asks for Face ID, Face ID succeeds, and then the app closes. I got the crash report from Settings > Privacy > Analytics:

{art_ios_crash}

What I tried, in this order:
[[pick 3-4]]
1. Restarted the phone and reinstalled the app (lost my device registration, had to re-verify by letter, which took {n} days)
2. Disabled Face ID for the app in iOS settings -> it then asks for the passcode and crashes the same way after I enter it
3. Reset Face ID completely and set it up again
4. Tried the beta from TestFlight a colleague mentioned -> same crash
5. Logged in on my iPad (same iOS version) -> works fine there
[[/pick]]

So it's the combination of my phone and the app, not my account. Is this a known problem with {ios}? Is there a way to log in with the passcode only, bypassing the biometric step entirely? I need to approve a payment by {weekday}."""),
    ("saas", """I need help figuring out why our payroll numbers don't match the hours in {product}, and I've now gone through three systems without finding the cause.

How it's set up: employees clock in and out in the {product} mobile app. At the end of each month we export the timesheets to our payroll provider using your built-in integration. Payroll then calculates overtime based on the hours they receive.

What went wrong: for {?March|October}, {n} employees who work night shifts got paid for one hour less than their timesheets show in {product}. It's always exactly one hour, and always the shift that covers the night the clocks changed. In the {product} timesheet view the shift shows 9 hours; in the export file it's 8. Day-shift staff are fine.

What I've checked: our workspace time zone is set correctly; the employees' phones are on automatic time; the export file itself (I opened the CSV) already contains 8, so it's not the payroll side; and manually editing the shift and saving it again doesn't change the exported value. Our payroll provider says they just take what's in the file.

So: does the export calculate duration from local clock times instead of actual elapsed time? Is there a setting to fix this, or do we need to correct these shifts by hand before each export? And at the next clock change, will it go the other way - would those people get paid an hour too much?"""),
    ("vpn", """{product} on my MacBook ({os}) disconnects roughly every 30 minutes and doesn't reconnect by itself, even though auto-reconnect is on. I have to click connect manually. This started about two weeks ago; before that it was rock solid for a year.

Things I've ruled out or tried so far. I switched from WireGuard to OpenVPN UDP and then TCP - the disconnects still happen, though with TCP it's closer to every hour. I tested on my home Wi-Fi and on a phone hotspot, same on both, so it's not the router. I turned off "Wake for network access" and the low-power setting for Wi-Fi because I read that macOS sleeps the network card; no change. I removed the network extension under System Settings > Login Items and let the app reinstall it. I also checked for a DNS leak after a disconnect and, worryingly, traffic keeps flowing outside the tunnel for a few seconds until the kill switch kicks in.

Two questions really: what could make the tunnel drop on a fixed-ish schedule like that (key rotation? session timeout on the server?), and why isn't auto-reconnect working? Also, is the brief leak before the kill switch engages expected behaviour? That last one worries me more than the disconnects."""),
    ("mail", """We're sending duplicate emails to part of our audience and I believe it's caused by how three things interact in {product}, but I can't pin it down.

Setup: new subscribers come in from our website form (double opt-in enabled), from a CSV import our events team does monthly, and from our shop via the {product} integration. Each source adds a different tag. Our welcome automation triggers on "subscriber added to list", and a second automation sends a discount when the "shop_customer" tag is added.

What we see: people who signed up on the website and later bought something get the welcome series twice. In the activity log for one contact I see: subscribed (form), confirmed (double opt-in), then {n} days later "subscribed" again with source "API" at the exact time of their first order. The shop integration seems to re-add them to the list.

What we tried: set the automation to "run once per contact" - it still re-enters them, apparently because the contact was technically removed and re-added; changed the shop integration to "update existing contacts only" - then new shop customers aren't added at all; asked the events team to skip existing contacts on import - no effect on this particular issue.

Is a re-subscribe via API treated as a new "added to list" event even if the person was already subscribed? Is there a way to make the trigger fire only for genuinely new contacts? And can we see which contacts received the series twice so we can apologise to them?"""),
    ("sync", """The {product} Linux client stops picking up changes in some folders after a while. New files in those folders only upload after a restart or hours later.

Client log:
{art_inotify}

So it's hitting the inotify limit. We have about {n3} folders in the synced tree (lots of archived projects). I tried:
[[pick 2-3]]
- raising fs.inotify.max_user_watches to 524288 via sysctl -> works until reboot, then back to 8192
- adding it to /etc/sysctl.d/99-{pkg}.conf -> seems to be ignored on boot (we're on {os})
- excluding the archive folder with selective sync -> the client still seems to watch it
- running the client as a systemd user service instead of the autostart entry
[[/pick]]

Does the client watch excluded folders anyway? Is there a way to make it use fewer watches (e.g. only top-level + periodic scans for deep folders)? And why would the sysctl.d file not apply - does the client's installer overwrite it?"""),
    ("store", """We're syncing orders from {product} into our ERP via the GraphQL API and every night a few orders are missing while others appear twice. Query:

{art_graphql_query}

We page through with endCursor until hasNextPage is false, then store the max updatedAt as the starting point for the next run.

Observations:
[[pick 3-4]]
1. Missing orders are always ones that were updated while our sync was running (e.g. payment captured a few minutes after creation)
2. Duplicates are orders that got updated between two pages being fetched
3. Running the sync twice in a row with no changes returns the exact same set, so it's not random
4. Switching sortBy to CREATED_AT fixes the duplicates but we then miss status changes completely
5. The REST endpoint has the same issue with page numbers
[[/pick]]

Is the cursor based on the sort field value or on a stable snapshot? If an order's updatedAt changes mid-pagination, does it jump to a later page? What's the recommended pattern for incremental sync: should we subtract a safety window from updatedSince and dedupe ourselves, or is there a changes feed/webhook we should use instead?"""),
    ("db", """We moved our read traffic to the {product} read replica last week and now users sometimes see "order not found" right after placing an order. Our API logs show it clearly:

{art_replica_log}

So the replica is a couple of seconds behind. Our ORM routes all GETs to the replica and writes to the primary.

We tried:
[[pick 2-3]]
- sticky reads: route a user's reads to the primary for 5s after they write. Helps, but our mobile app calls from a different session and doesn't benefit
- checking pg_last_xact_replay_timestamp() before each read - adds a round trip to every request
- upgrading the replica to the same size as the primary - lag went from ~3s to ~2s at peak, not to zero
[[/pick]]

What replication lag should we expect on {product} under normal load, and is there a synchronous replica option? Is lag visible as a metric we can alert on? And are there any settings on your side (e.g. for large transactions in our nightly batch) that make lag spike?"""),
    ("game", """I keep getting disconnected from ranked matches in {product} with "Connection lost (1006)", usually 2-3 minutes in. It costs me rank every time. Client network log from the last one:

{art_game_net}

My setup: PC on ethernet, fibre connection, ISP router in bridge mode behind my own router. Steps I've done:
[[pick 3-4]]
1. Forwarded UDP 7777-7800 to my PC -> NAT still shows STRICT in the log
2. Enabled UPnP on my router -> NAT type changed to MODERATE in the settings screen, but the disconnects continued
3. Verified game files and reinstalled
4. Tested with my phone's 5G as a hotspot -> no disconnects in 6 matches
5. Ran a ping to the match server IP during a game - no loss while the game reported 12% loss
[[/pick]]

Since the hotspot works, it's something between my network and your servers, but regular ping shows no loss. Does the game use additional ports or a relay I'm missing? Is there a known issue with specific ISPs routing to the {vpnnode} servers? And can the rank loss from these disconnects be reversed?"""),
    ("bank", """Our budgeting app (we're a small fintech) loses access to {product} accounts for some users every few days, even though they just renewed consent. Log from our aggregator:

{art_consent_log}

The user completes the consent flow, you return a new consent ID valid for 90 days, and then the very next call returns consent_expired again.

Things we verified:
[[pick 2-3]]
- we use the new consent ID in the header (logged and compared, it matches)
- the access token is refreshed after consent, not before
- it only affects users who have both a personal and a joint account with you
- it also happens when the user renews consent from your app instead of through our flow
[[/pick]]

Questions: is consent tied to a specific set of accounts, so adding or changing a joint account invalidates it? Is there a propagation delay after consent during which calls fail? And is there a sandbox scenario that reproduces this, so we can test a fix without asking real customers to re-consent again?"""),
    ("store", """Our VAT on EU orders has been wrong since we moved our stock to a warehouse in another country, and I'm not sure if it's a configuration problem in {product}, our accounting tool, or both.

Background: until {month} we shipped everything from one country and charged domestic VAT or the destination rate under OSS. Now about half of the stock ships from the new warehouse. Since then:
1. Orders shipped from the new warehouse to customers in that same country show our home VAT rate at checkout
2. The invoice PDF shows the correct destination rate (so it's recalculated somewhere after checkout)
3. Our accounting tool imports the checkout amount, not the invoice, so the books and invoices don't match
4. For mixed orders with items from both warehouses, the whole order uses one rate

We've added the new warehouse as a location, registered for VAT there, and entered the registration in the tax settings. We also cleared the tax cache the docs mention and placed test orders.

Does {product} calculate tax by ship-from location at checkout, or only by the store's main address? Why would the invoice differ from checkout? And for mixed orders, can line items have different tax origins? We need to correct {n2} orders and I want to understand the logic before touching anything."""),
    ("crm", """CSV imports into {product} started mixing up day and month since we changed the account locale from English (US) to English (UK) last month. Repro:

1. Create a CSV with a "Close date" column containing 03/04/2024 and 25/04/2024
2. Import via Contacts > Import with the default settings
3. The first row is imported as March 4, the second one fails with "invalid date"
4. Same file via the API import endpoint: both rows imported as April (correct)

So the web importer still assumes US format even though the account locale is UK. I tried:
[[pick 2-3]]
- changing my personal locale as well as the account locale
- using ISO format 2024-04-03 -> works, but our trade-show scanner exports only DD/MM/YYYY
- the "date format" dropdown in the import mapping step -> only shows after choosing a custom field, not for the built-in close date
[[/pick]]

Is there a way to set the date format for built-in fields in the importer? And more importantly, how do we find and fix the records imported wrongly in the last four weeks? Dates where the day was 12 or lower look valid, so we can't just search for errors."""),
    ("saas", """Since your maintenance on {date}, our SAML login works but SCIM provisioning from {idp} fails for every new user with "409 Conflict: userName already exists", even for brand new employees.

Steps to reproduce on our side:
1. Create a test user in {idp} and assign the {product} app
2. Provisioning log in {idp}: POST /scim/v2/Users -> 409
3. Search for the user in {product} admin: not found
4. Remove and re-add the assignment: same 409

Already tried re-generating the SCIM token, turning provisioning off and on, and changing the userName format from email to employee ID. With employee ID the POST succeeds, but then SSO fails because the NameID is the email. Is there a soft-deleted user table that still holds those usernames? Could the maintenance have restored deleted users in the background? We have {n} starters on {weekday} who need accounts."""),
]

CONTENT["en"]["mid"] += [
    ("saas", "{?Can guests in {product} be given edit rights on a single task list without seeing the rest of the project? We tried sharing just the list, but they can still open the project overview.|If I share one board with a client, can they see comments that mention them on other boards? We had a near miss last week and I want to understand the visibility rules.}"),
    ("bank", "{?Why does a card refund show up as a new credit instead of cancelling the original payment? It makes my monthly spending chart look higher than it really is. Will the chart correct itself once the refund is booked?|I got a refund from a shop, but my 'available balance' and 'balance' have differed by that amount for days. Which one counts if a direct debit comes out tomorrow?}"),
    ("store", "{?If I order two items and one is on backorder, do you ship them separately, and do I pay shipping twice? The checkout didn't say.|I paid for express shipping but one item had a longer delivery time. Does express apply to the whole order or only to the items that were in stock?}"),
    ("vpn", "{?Does {product} keep working when my laptop switches from Wi-Fi to ethernet, or does it drop the tunnel? I dock and undock a lot at the office and it seems to reconnect to a different server each time.|Why does {product} pick a different server every time I reconnect with 'Fastest server' selected? Sometimes it's in another country entirely, which breaks some sites for me. How is 'fastest' decided?}"),
    ("game", "{?If I buy the season pass halfway through the season, do I get the rewards for the tiers I've already passed, or only from now on?|Do event tokens carry over to the next event, or do they expire? I saved up {gems} and want to know whether to spend them now.}"),
    ("crm", "{?When a contact's owner is a sales rep who later gets deactivated, what happens to the owner field and to their open tasks? We're about to remove {n} users and don't want things to fall through the cracks.|If we change a contact's company, do past deals stay linked to the old company or move with the contact? Our revenue-by-company report looks off since a few contacts changed jobs.}"),
    ("db", "{?Does scaling our {product} instance up or down cause downtime? The docs say 'minimal interruption', but what does that mean in practice for open connections and running transactions?|Are automatic minor-version upgrades only applied inside the maintenance window, or can they happen at any time? We had a restart on {date} outside our window.}"),
    ("sync", "{?What happens to version history when a file is renamed? It looks like the history starts fresh under the new name, and we need the old versions for an audit.|If someone deletes a file from a shared folder, does it go to their trash or to the owner's? A colleague deleted something I own and I can't find it in my trash.}"),
    ("mail", "{?If we send a campaign to a segment and someone joins the segment while the send is still going out, do they get it? Our sends are batched over {hours} hours.|Does the A/B test pick the winner by opens or by clicks? We changed the metric after the test had started and the result looks odd.}"),
    ("saas", "{?Does archiving a project stop its automations and recurring tasks, or do they keep running in the background? We archived some client projects and people still get reminders.|If I move a task to another project, do custom field values come along when the target project has fields with the same names? Some values vanished when we reorganised.}"),
    ("saas", "{?Our {plan} plan says 'unlimited projects', but we got a message that we've hit the limit of active automations. Are automations counted per project or per workspace, and do paused ones count?|What counts as an active user for billing? Some people only log in once a month to approve timesheets, and I'm not sure they should be full seats.}"),
    ("bank", "{?If I have round-ups going into a savings space and also a standing order into the same space, which runs first at month end? My main account went slightly overdrawn on the 1st and I'm trying to understand the order of things.|Do scheduled payments still go out if my card is frozen? I froze it while travelling and now I'm worried about my rent.}"),
    ("store", "{?Why do some products say 'ships in 2-3 days' on the product page but 'ships in 7-10 days' at checkout? Is that based on my postcode or on the warehouse?|If a gift card covers part of an order and I later return something, where does the refund go - back to the gift card or to my bank card?}"),
    ("any", "{?During the outage on {date} your status page showed all green for the first hour. Is it updated automatically or by hand? Is there an API or webhook for incidents we could subscribe to instead?|Is there a way to see which integrations are connected to our account and when each one was last used? We're doing a security review and found API activity we couldn't attribute to anything.}"),
]

CONTENT["en"]["reasoning"] += [
    ("saas", """{?Since upgrading the connector from {ver_old} to {ver_new} we get ORA-01017: invalid username/password; logon denied, although the same credentials work in SQL*Plus. Re-entered the password, reset the vault entry, restarted the agent. Is the password cached somewhere?|ORA-01017 (invalid username/password) from the connector since {ver_new}, while SQL*Plus logs in fine with the identical user. Already re-entered the secret, restarted the agent twice, checked for case-sensitive passwords (SEC_CASE_SENSITIVE_LOGON=TRUE). Does {ver_new} read credentials from a different place?}"""),
    ("saas", """{?Webhook deliveries to us fail with `SSL routines::wrong version number` since {date}. Our endpoint sits behind a CDN and SSL Labs gives it an A. Tried TLS 1.2 only, then 1.3 only, no difference. Which TLS versions and SNI behaviour does your sender use?|Since {date} your webhook log shows "wrong version number" for every delivery to our endpoint. Cert is valid, other senders reach us fine. We tried forcing TLS 1.2, then allowing 1.3 again. Does your sender skip SNI or use a proxy that could be downgrading?}"""),
    ("saas", """{?`panic: runtime error: invalid memory address or nil pointer dereference` in {pkg}-agent {ver_new} at startup (goroutine 1, config.go:{ln1}). {ver_old} starts fine with the same values.yaml. Regression?|The {ver_new} agent panics on boot with a nil pointer dereference in config.go:{ln1}; {ver_old} with identical config is fine. We don't set the new optional "proxy" block - could that be it? Tried an empty block too, same panic.}"""),
    ("saas", """{?Custom domain shows ERR_SSL_PROTOCOL_ERROR since we pointed DNS to you on {date}; the default .{dom} URL works. CNAME verified in your dashboard, waited 48h, cleared HSTS in Chrome. Is the certificate stuck in "pending"?|After switching our CNAME to {product} on {date}, https on our custom domain fails with ERR_SSL_PROTOCOL_ERROR. Dashboard says "verified", but the certificate status has been "issuing" for two days. We have a CAA record for our own CA - could that block issuance?}"""),
    ("db", """{?`SSL SYSCALL error: EOF detected` every ~{minutes} min from our app servers in {region} to {product}. TCP keepalives are set (idle 60s). Started after your maintenance on {date}. Did idle timeouts change?|Since the maintenance window on {date}, our connections to {product} drop with "SSL SYSCALL error: EOF detected" roughly every {minutes} minutes. Keepalives: idle=60, interval=10, count=5. Pool recycle at 300s. What changed on your side?}"""),
    ("bank", """{?Two problems since app update {app_ver}: (1) biometric login loops back to the PIN screen, (2) push notifications for incoming transfers stopped. Reinstalled, re-registered the device, toggled all permissions. {phone}, {android}. Are these related, and is there a fix?|After updating to {app_ver} on my {phone} ({android}): fingerprint login sends me back to the PIN screen every time, and I no longer get transfer notifications. I've reinstalled, re-paired the device and checked battery optimisation. Related issues?}"""),
    ("any", """{?Bulk API returns `413 Request Entity Too Large` for batches of {n2} records although the docs say 10,000 per request. Payload is ~9 MB gzipped. Is the limit on records or bytes, and does the gzip size count?|Our batch import gets HTTP 413 at around {n2} records per request, well below the documented 10k. Splitting into 2,000-record batches works but triples runtime. Is there a byte limit on the uncompressed body? Which one applies, compressed or not?}"""),
    ("store", """{?Checkout throws "Error 422: shipping_rate_unavailable" for every address in {country} since we added a second warehouse. Rates show fine in the shipping settings preview. Tried re-saving the zones and disabling the new warehouse - disabling fixes it. What's the interaction?|Since adding the second warehouse, checkout fails with 422 shipping_rate_unavailable for some regions. With the new location disabled, checkout works again. Zones and rates were re-saved. Do rates have to be defined per location now?}"""),
]

CONTENT["en"]["mid"] += [
    ("saas", "We're evaluating whether {product} can replace our current setup for client approvals. The flow we need: a designer uploads a file, the client gets a link, approves or requests changes, and the approval is recorded with a timestamp. I see proofing listed on {plan2} and guest access on {plan}. Can guests approve files on {plan}, or is proofing required for that? And is the approval record exportable for our ISO audit, or only visible in the UI?"),
    ("crm", "Our sales team works in two currencies. Deals are created in EUR or GBP depending on the customer, but the pipeline report shows everything in EUR. Which exchange rate does {product} use for the conversion: the rate on the day the deal was created, the close date, or today's? When I look at last quarter's report now, the won total differs from what we reported at the time, so I suspect it's today's rate. Is there a way to freeze the rate when a deal is won?"),
    ("bank", "I'm trying to understand how overdraft interest is calculated. Last month I was overdrawn for {n} days, at most by about {amount}, but the interest charged seems higher than the rate in the app suggests. Is interest calculated daily on the end-of-day balance, or on the lowest balance during the day? And do pending card payments count towards the overdrawn amount before they're booked?"),
    ("mail", "We're moving part of our audience from a weekly newsletter to a daily digest. If I create a second list for the daily people, will someone on both lists get two emails on the day the weekly goes out? Does {product} deduplicate across lists within one campaign? And would the unsubscribe link remove them from both lists or only from the one the campaign was sent to? I want to avoid annoying our most engaged readers."),
]


# --------------------------------------------------------------------------
# German
# --------------------------------------------------------------------------
POOLS["de"] = {
    "small_ctx_biz": ["Ich habe eine kleine {?Bäckerei|Physiotherapiepraxis|Werbeagentur|Schreinerei} und nutze {product} für {?die Rechnungen|die Terminplanung|die Aufgaben im Team}.",
                      "Das Konto hat damals mein Vorgänger eingerichtet, der ist aber nicht mehr im Haus.",
                      "Ich bin bei {company} für die Verwaltung zuständig, daher landen solche Fragen bei mir.",
                      "Wir sind nur {n} Leute, also nichts Kompliziertes."],
    "small_ctx": ["Ich bin gerade unterwegs und schreibe vom Handy.",
                  "Ich war {?in Elternzeit|länger im Urlaub} und in der App hat sich einiges geändert.",
                  "Normalerweise hilft mir mein {?Sohn|Enkel} bei so etwas, aber der ist diese Woche nicht da.",
                  "Ich bin seit Jahren Kunde und musste das noch nie machen."],
    "greet": {
        "polite": ["Hallo,", "Guten Tag,", "Sehr geehrte Damen und Herren,", "Hallo {product}-Team,", "Guten Morgen,",
                   "Liebes Support-Team,", "Hallo zusammen,", "Moin,", "Guten Tag liebes {product}-Team,"],
        "casual": ["Hi,", "Hey,", "Servus,", "Moin moin,", "Hallo!"],
        "angry": ["", "Guten Tag.", "Sehr geehrte Damen und Herren,"],
    },
    "sign": {
        "polite": ["Viele Grüße\n{fullname}", "Mit freundlichen Grüßen\n{fullname}\n{company}", "Danke und Gruß\n{first}",
                   "Beste Grüße\n{first}", "Vielen Dank im Voraus!", "LG {first}", "Freundliche Grüße\n{fullname}",
                   "Danke schon mal!\n{first}", "Mit freundlichem Gruß\n{fullname}"],
        "casual": ["Danke!", "Gruß", "thx", "VG {first}", "Danke euch!"],
        "angry": ["Ich erwarte eine zeitnahe Antwort.", "So geht das nicht.", "MfG", "Bitte um dringende Rückmeldung.",
                  "{fullname}"],
    },
    "pre": ["Ich hoffe, Sie hatten ein schönes Wochenende.", "Ich nutze {product} schon seit {year} und bin eigentlich sehr zufrieden.",
            "Entschuldigen Sie bitte die vermutlich einfache Frage.",
            "Ich bin technisch nicht so fit, also bitte etwas Geduld mit mir.", "Kurze Frage:",
            "Ich habe schon im Hilfebereich gesucht, aber nichts gefunden.",
            "Ein Kollege meinte, Sie könnten mir da schnell weiterhelfen."],
    "post": ["Vielen Dank für Ihre Hilfe!", "Keine Eile.", "Einen schönen Tag noch!", "Gerne auch telefonisch.",
             "Danke für die Mühe!"],
    "angry_pre": ["Das kann doch nicht so kompliziert sein.", "Ich frage jetzt zum zweiten Mal.",
                  "Ich bin langsam echt genervt.", "Ihre Hilfeseiten helfen mir hier überhaupt nicht weiter.",
                  "Ich hänge seit 20 Minuten in der Warteschleife."],
    "mid_ctx": ["Wir sind ein Team von {seats} Leuten und nutzen {product} seit etwa {n} Monaten.",
                "Ich betreue den {product}-Account bei {company}.",
                "Kein Fehler im eigentlichen Sinn, ich möchte nur das Verhalten verstehen.",
                "Eine Frage dazu, wie {product} sich eigentlich verhalten soll."],
    "r_open": [
        "Wir hängen seit {?zwei Tagen|Anfang der Woche|{weekday}} an diesem Problem und kommen nicht weiter.",
        "Sorry für die lange Nachricht, aber ich schicke lieber gleich alle Infos mit.",
    ],
    "r_open_biz": [
        "Ich melde mich im Auftrag unserer IT-Abteilung.",
        "Das betrifft bei uns die Produktivumgebung, daher etwas dringend.",
    ],
    "r_close": [
        "Vollständige Logs schicke ich gerne nach, auch ein kurzer Call wäre möglich.",
        "Können Sie das bitte an Ihre Entwicklung weitergeben?",
        "Für jeden Hinweis dankbar, auch wenn es nur die Bestätigung ist, dass das Problem bekannt ist.",
    ],
    "r_close_biz": [
        "Das blockiert gerade unseren {?Monatsabschluss|Go-Live am {weekday}}, eine schnelle Antwort wäre super.",
        "Request-IDs kann ich gerne nachliefern.",
    ],
}

CONTENT["de"] = {
    "small": [
        ("any", "Wie kann ich mein Passwort zurücksetzen? Ich komme {?gerade|seit heute früh} nicht mehr in mein Konto."),
        ("any", "Ich möchte die E-Mail-Adresse in meinem {product}-Konto ändern, neu wäre {email}. Wo geht das?"),
        ("any", "Meine Kreditkarte ist abgelaufen. Wo kann ich die neue hinterlegen, damit die nächste Abbuchung klappt?"),
        ("saas", "Wo finde ich die Rechnung für {month}? Die brauche ich für {?die Buchhaltung|meine Steuererklärung|die Reisekostenabrechnung}."),
        ("saas", "Wie kündige ich mein Abo zum Ende der Laufzeit? Ich finde keinen Button dafür."),
        ("saas", "Können wir vom Tarif {plan} auf {plan2} wechseln? Ab wann gilt dann der neue Preis?"),
        ("store", "Ich habe die Bestellung {order} am {date} zurückgeschickt. Wann bekomme ich mein Geld zurück?"),
        ("any", "Zu welchen Zeiten ist Ihr Support telefonisch erreichbar? Auch samstags?"),
        ("saas", "Wie füge ich einen neuen Benutzer zu unserem Team hinzu? Wir haben {?eine neue Kollegin|einen neuen Azubi|zwei neue Leute}."),
        ("bank", "Wo kann ich in der {product}-App das Tageslimit für Überweisungen ändern?"),
        ("bank", "Ich habe meine Karte verloren. Wie kann ich sie in der App sperren?"),
        ("store", "Kann ich die Lieferadresse für Bestellung {order} noch ändern? Sie ist noch nicht verschickt."),
        ("vpn", "Auf wie vielen Geräten kann ich {product} gleichzeitig nutzen?"),
        ("any", "Wie aktiviere ich die Zwei-Faktor-Authentifizierung?"),
        ("any", "Wo kann ich die E-Mail-Benachrichtigungen abschalten? Das sind mir {?viel zu viele|inzwischen 30 am Tag}."),
        ("saas", "Kann ich auf jährliche Zahlung umstellen? Gibt es dann Rabatt?"),
        ("game", "Ich habe ein neues Handy. Wie bekomme ich meinen Spielstand von {product} da rüber?"),
        ("saas", "Wo trage ich unsere USt-IdNr. ein, damit sie auf den Rechnungen steht?"),
        ("store", "Liefern Sie auch {country}? Fallen da Zollgebühren an?"),
        ("any", "Bitte löschen Sie mein Konto und alle gespeicherten Daten."),
        ("bank", "Wie kann ich meine neue Adresse in der App hinterlegen? Ich bin letzten Monat umgezogen."),
        ("saas", "Mir wurden im {month} zweimal {amount} abgebucht. Können Sie eine der Zahlungen erstatten?"),
        ("crm", "Wie kann ich in {product} Kontakte aus einer Excel-Datei importieren?"),
    ],
    "mid": [
        ("sync", "Wenn ich eine Datei offline auf dem Laptop bearbeite und ein Kollege gleichzeitig dieselbe Datei im Browser ändert, legt {product} eine „Konfliktkopie“ an. Warum werden die Änderungen nicht zusammengeführt? Und kann man einstellen, dass immer eine Seite gewinnt?"),
        ("saas", "Unser Monatsbericht zeigt für {month} {n2} erledigte Aufgaben, der CSV-Export mit demselben Filter hat aber deutlich weniger Zeilen. Werden archivierte Aufgaben im Bericht mitgezählt, im Export aber nicht? Welcher Zahl sollen wir trauen?"),
        ("bank", "Ich habe einen Dauerauftrag zum 31. eingerichtet. In Monaten mit 30 Tagen wurde er erst am 1. des Folgemonats ausgeführt statt am 30. Ist das so gewollt? Meine Miete kommt dadurch zu spät an."),
        ("saas", "Unterstützt der Tarif {plan} Single Sign-on mit {idp}, oder brauchen wir dafür {plan2}? Wir sind {seats} Personen und brauchen eigentlich nur SSO, die anderen Enterprise-Funktionen nicht."),
        ("saas", "Unser Team sitzt in drei Zeitzonen. Wenn jemand in {city} ein Fälligkeitsdatum setzt, sehen die Kollegen in Toronto den Vortag. Wird das Datum in der Zeitzone des Erstellers gespeichert? Gibt es dafür eine Einstellung für den ganzen Workspace?"),
        ("vpn", "Ich habe bei {product} Split-Tunneling aktiviert, sodass nur der Browser durchs VPN geht. Die Banking-App läuft aber trotzdem über das VPN. Funktioniert Split-Tunneling unter {os} pro App oder nur über IP-Bereiche? Und hebelt der Kill-Switch das aus?"),
        ("any", "Laut API-Doku liegt das Limit bei {n2} Anfragen pro Minute. Gilt das pro API-Key oder pro Workspace? Wir haben zwei Integrationen mit getrennten Keys, und die scheinen sich gegenseitig auszubremsen."),
        ("crm", "Wir haben {n2} Kontakte importiert, und die Dublettenprüfung hat Personen zusammengeführt, die sich eine Sammeladresse wie info@ teilen. Nach welchen Kriterien erkennt {product} Dubletten? Kann man das auf E-Mail plus Firma umstellen?"),
        ("db", "Unser Speicherverbrauch in {product} wächst weiter, obwohl wir jede Nacht alte Zeilen löschen. Wird der Platz durch das Löschen überhaupt freigegeben, oder muss erst ein Vacuum laufen? Die Rechnung ist von {amount} auf {amount2} gestiegen."),
        ("saas", "Wir haben {plan} mit {seats} Lizenzen. Wenn ich einen Benutzer mitten im Monat deaktiviere, wird die Lizenz anteilig gutgeschrieben oder erst zur Verlängerung? Und kann ich sie sofort einer anderen Person zuweisen, ohne dass neu abgerechnet wird?"),
        ("game", "Ich spiele {product} auf Tablet und Handy mit demselben Konto. Welcher Spielstand gewinnt beim Synchronisieren? Nachdem ich auf dem Handy gespielt habe, waren auf dem Tablet zwei Tage Fortschritt weg."),
        ("bank", "Im CSV-Export fehlen vorgemerkte Umsätze, obwohl ich sie in der App sehe. Wenn sie dann gebucht sind, stehen sie im Export mit einem anderen Datum als in der App. Welches Datum nimmt der Export, Buchungsdatum oder Wertstellung?"),
        ("saas", "Seit dem Update auf {ver} werden im DATEV-Export die Kostenstellen nicht mehr mit übertragen. Ist das eine bewusste Änderung, oder muss man die Zuordnung jetzt an anderer Stelle pflegen?"),
        ("store", "Wir möchten als Firma auf Rechnung bestellen (30 Tage Zahlungsziel). Geht das mit einem Geschäftskonto, und können mehrere Kollegen über dasselbe Konto mit einem gemeinsamen Budget bestellen?"),
        ("mail", "Wenn sich ein Kontakt in {product} von einer unserer Listen abmeldet, wird er dann aus allen Listen entfernt oder nur aus dieser einen? Und laufen automatische Serien, in denen er schon steckt, weiter?"),
    ],
    "reasoning": [
        ("saas", """Wir betreiben {product} selbst gehostet hinter nginx. Seit dem Update von {ver_old} auf {ver_new} bekommen Nutzer sporadisch 502 Bad Gateway, vor allem beim Öffnen großer Projekte.

Aus dem nginx-Error-Log:
{art_nginx_502}

Unsere Konfiguration:
{art_nginx_conf}

Was wir schon probiert haben:
1. proxy_read_timeout auf 300s erhöht – keine Änderung, die 502er kommen nach wenigen Sekunden, nicht nach einem Timeout.
2. Den App-Container beobachtet: der startet etwa alle {minutes} Minuten neu (Exit-Code 137), das passt zu den „connection refused“-Zeilen.
3. Der VM {gb} GB mehr RAM gegeben – die Neustarts sind seltener, aber nicht weg.

Hat {ver_new} die Standard-Speichereinstellungen oder die Anzahl der Worker geändert? Gibt es eine Empfehlung für Projekte mit mehr als {n3} Einträgen? Ein Rollback wäre möglich, aber die Datenbankmigration ist schon gelaufen."""),
        ("saas", """Unser {product}-Connector für Oracle bricht seit dem {date} bei jedem Lauf ab:

{art_java_ora}

Konfiguration (ohne Passwörter):
{art_connector_yaml}

Die Tabelle existiert definitiv. Als ETL_READER kann ich in SQL Developer problemlos SELECT * FROM {schema}.INVOICE_LINES ausführen. INVOICES und CUSTOMERS werden sauber synchronisiert, nur INVOICE_LINES nicht.

Geprüft haben wir:
- Grants: ETL_READER hat SELECT auf alle drei Tabellen (laut ALL_TAB_PRIVS)
- am {date} wurde INVOICE_LINES durch ein Migrationsskript neu angelegt; dabei wurde der Grant evtl. über eine Rolle statt direkt vergeben
- Connector neu gestartet und den State geleert – gleicher Fehler

Braucht der Connector direkte Grants, oder reichen Rollen? Und cached er irgendwo Tabellen-Metadaten, die nach dem Neuanlegen einer Tabelle zurückgesetzt werden müssen?"""),
        ("saas", """Unsere Java-Anbindung an {api_host} funktioniert seit heute Morgen nicht mehr. Jeder Aufruf endet mit:

{art_java_pkix}

Wir laufen auf Java {java_ver} hinter einem Proxy mit TLS-Inspection. Bei uns hat sich nichts geändert, aber Ihr Zertifikat wurde gestern erneuert und scheint jetzt von einer anderen CA zu kommen.

Bisherige Versuche:
1. Ihr neues Zertifikat per keytool in die cacerts der JVM importiert → gleicher Fehler
2. Zusätzlich das Root-Zertifikat unseres Proxys importiert → gleicher Fehler
3. Eigenen Truststore mit beiden per -Djavax.net.ssl.trustStore gesetzt → jetzt kommt „Received fatal alert: handshake_failure“
4. curl vom selben Server geht (nutzt aber den OS-Store, nicht den von Java)

Haben Sie die Zwischenzertifikate oder die erlaubten Cipher Suites geändert? Unsere Security-Abteilung braucht eine genaue Angabe, was am Proxy freigegeben werden muss, bevor sie dort etwas anfasst."""),
        ("sync", """Der {product}-Desktop-Installer schlägt auf allen über Intune verwalteten Windows-Rechnern fehl, auf Geräten mit lokalen Adminrechten läuft er durch.

Installer-Log:
{art_win_installer}

Versucht haben wir:
1. Setup manuell „als Administrator“ ausführen – klappt, aber nicht auf {seats} Rechnern machbar
2. MSI direkt statt des Bootstrappers mit ALLUSERS=1 verteilt → Fehler 1925
3. Den Installationsordner im Defender ausgenommen – keine Änderung
4. Installation pro Benutzer (ALLUSERS=2, MSIINSTALLPERUSER=1) – installiert, aber beim nächsten Auto-Update kommt wieder 0x80070005

Gibt es einen offiziell unterstützten Weg für eine systemweite Verteilung per Intune? Braucht der Updater jedes Mal Adminrechte, und kann man ihn abschalten, damit wir Updates selbst verteilen?"""),
        ("db", """Unsere Python-Worker verlieren nachts regelmäßig die Verbindung zur {product}-Instanz ({region}). Tagsüber läuft alles.

{art_py_pg_slots}

Parallel sehen wir im Dashboard, dass die Verbindungen genau am Limit unseres Tarifs kleben. Wir haben {n} Worker-Prozesse mit je einem SQLAlchemy-Pool (pool_size=10).

Was wir versucht haben:
- pool_size auf 5 reduziert → der Fehler kommt später, aber er kommt
- pool_pre_ping=True gesetzt → keine Änderung
- den integrierten Pooler im Transaction-Modus davor geschaltet → dann brechen unsere Prepared Statements

Zählen Verbindungen des Poolers auch gegen das Limit? Werden nach einem Failover alte Verbindungen auf Ihrer Seite sauber geschlossen, oder bleiben die als „idle“ hängen? Und lohnt sich hier der Wechsel auf {plan2}, oder ist das ein Konfigurationsproblem bei uns?"""),
        ("saas", """Die Signaturprüfung Ihrer Webhooks schlägt bei uns jedes Mal fehl, obwohl das Secret stimmt (zweimal aus dem Dashboard kopiert).

Unser Handler:
{art_flask_hmac}

Log:
{art_hmac_log}

Der Header beginnt mit „sha256=“, aber auch ohne dieses Präfix passt es nicht. Zusätzlich probiert: Secret als hex-dekodierte Bytes, SHA-1 statt SHA-256, Secret rotiert und Testevent geschickt.

Muss der HMAC über den Roh-Body statt über das geparste JSON berechnet werden? Falls ja: verändert Flask mit get_json() die Bytes (Reihenfolge der Keys, Leerzeichen, Unicode-Escapes)? Gibt es irgendwo eine Referenzimplementierung in Python?"""),
        ("saas", """Der {product}-Agent in unserem Kubernetes-Cluster hängt seit dem Update des Helm-Charts auf {ver_new} in CrashLoopBackOff.

{art_k8s_pods}

Ressourcen im Deployment:
{art_k8s_yaml}

Das Memory-Limit haben wir schon einmal verdoppelt, er wird dann nur etwas später OOMKilled. Im Log steht jedes Mal kurz vorher „loading full index ({n2} objects)“. Mit {ver_old} lief er monatelang mit denselben Limits.

1. Lädt {ver_new} beim Start den kompletten Index in den Speicher statt wie früher seitenweise?
2. Gibt es eine Umgebungsvariable, um den alten inkrementellen Modus zu erzwingen?
3. Hilft es, AGENT_CONCURRENCY zu senken, oder ist der Speicherbedarf davon unabhängig?"""),
        ("saas", """Seit der Umstellung unseres Identity Providers ({idp}) am {date} können sich ungefähr die Hälfte unserer Leute nicht mehr per SSO anmelden.

Aus Ihrem Audit-Log:
{art_saml_log}

Bisher gemacht:
1. Neue IdP-Metadaten in {product} hochgeladen → ein Teil der Nutzer kommt wieder rein
2. Uhrzeit auf dem ADFS-Proxy synchronisiert → die Warnung zur Zeitabweichung war einen Tag weg und ist jetzt wieder da
3. Funktionierende und nicht funktionierende Nutzer verglichen: alle Betroffenen haben noch Lesezeichen auf die alte Login-URL und starten IdP-initiiert

Kann der Audience-Fehler an der mandantenspezifischen Entity-ID liegen? Wir haben die Einstellung nie angefasst, aber vielleicht hat die Migration sie umgestellt. Und wie unterstützen wir IdP- und SP-initiierten Login gleichzeitig, ohne den InResponseTo-Fehler?"""),
        ("bank", """Ich habe ein Problem mit einer Echtzeitüberweisung, und weder Sie noch die Empfängerbank können mir sagen, wo das Geld ist.

Am {date} habe ich {amount2} per Echtzeitüberweisung an meinen Vermieter geschickt. In der {product}-App stand sofort „Ausgeführt“, der Betrag wurde abgebucht. Die Bank meines Vermieters sagt, es sei nichts angekommen. Im Kontoauszug steht dieselbe Buchung zwei Tage später als „vorgemerkt“ und mit einer anderen Referenz als in der App ({refcode}).

Was ich bisher gemacht habe: Ihre Hotline angerufen, dort hieß es, ich solle 3 Bankarbeitstage warten. Ich habe 5 gewartet. Dann hat mein Vermieter bei seiner Bank angerufen, die brauchen die End-to-End-Referenz der sendenden Bank für eine Nachforschung. Ich weiß aber nicht, ob das die Nummer aus der App oder die vom Kontoauszug ist. Eine Ausführungsbestätigung kann ich in der App nicht herunterladen, der Button ist bei dieser Buchung ausgegraut.

Meine Fragen: Welcher Status stimmt denn nun, App oder Kontoauszug? Ist die Überweisung wirklich als Echtzeitüberweisung rausgegangen oder doch als normale SEPA-Überweisung? Können Sie eine Nachforschung bzw. einen Rückruf bei der Empfängerbank anstoßen, und welche Referenz gebe ich meinem Vermieter? Es geht um die Miete und ich bekomme schon Mahnungen."""),
        ("store", """Wir verkaufen über {product} und haben unser Warenwirtschaftssystem angebunden. Seit {date} stimmen die Bestände nicht mehr, und wir haben dieselben Artikel mehrfach überverkauft.

Der Ablauf, wie wir ihn verstehen: Die WaWi schickt alle 15 Minuten die Bestände per API an {product}. {product} schickt bei jeder Bestellung einen Webhook an die WaWi, die dann den Bestand reduziert. Jetzt passiert Folgendes: Eine Bestellung kommt rein, der Bestand im Shop sinkt korrekt, aber beim nächsten Abgleich überschreibt die WaWi ihn wieder mit dem alten Wert, weil die Bestellung dort noch nicht verbucht ist. Laut WaWi-Protokoll kommen manche Webhooks erst {minutes} bis 40 Minuten nach der Bestellung an.

Was wir schon getan haben: Abgleichintervall auf 60 Minuten gestellt (dann sind die Bestände im Shop ständig veraltet), Webhook-URL neu eingetragen, mit dem Support der WaWi telefoniert – die sagen, bei ihnen kommt schlicht nichts früher an.

Gibt es bei Ihnen eine Warteschlange für Webhooks, die sich gerade staut? Kann man statt absoluter Bestände relative Änderungen per API schicken, damit sich die beiden Systeme nicht gegenseitig überschreiben? Und können Sie uns sagen, welche Webhooks der letzten Woche verspätet zugestellt wurden?"""),
        ("saas", """Nach dem Update von {sdk} auf {ver_new} schlägt jeder Aufruf von list_invoices() fehl:

{art_py_attr}

Mit {ver_old} geht alles. Hat sich das Paginierungsformat geändert? Wir greifen auf `meta` gar nicht selbst zu, das passiert in Ihrem Client."""),
        ("saas", """POST /v2/exports liefert seit {date} bei ungefähr jeder fünften Anfrage HTTP 503, und zwar immer nach genau 30 Sekunden:

{art_http503_access}

Mit Retry und Backoff klappt es meistens beim zweiten Versuch, aber nicht immer. Gibt es eine Störung oder ein 30-Sekunden-Timeout an Ihrem Gateway, von dem wir wissen sollten?"""),
        ("mail", """Seit dem {date} bouncen fast alle unsere Kampagnen aus {product} an Gmail-Adressen:

{art_bounce}

Unsere DNS-Einträge aktuell:
{art_dns_mail}

Geprüft bzw. versucht:
- SPF enthält Ihre Domain
- DKIM: Laut Assistent sollten wir einen CNAME für {selector}._domainkey anlegen. Haben wir gemacht, aber die TXT-Abfrage liefert nichts. Unser DNS-Anbieter „flacht“ CNAMEs ab – kann das der Grund sein?
- DMARC haben wir vor zwei Wochen nach einem Spoofing-Vorfall auf p=reject gestellt. Vorher kam alles an.
- Testmail an Gmail: dkim=fail, spf=pass – aber SPF besteht für Ihre Bounce-Domain, nicht für unsere, also kein Alignment.

Wie bekommen wir SPF oder DKIM auf unsere eigene Domain ausgerichtet? Brauchen wir einen eigenen Return-Path? Die DMARC-Policy wieder lockern können wir nicht."""),
        ("store", """Der nächtliche Bestellexport von {product} auf den SFTP-Server unseres Logistikers schlägt seit Anfang {month} an etwa drei von fünf Nächten fehl.

{art_sftp_log}

Der Export läuft bei Ihnen (geplanter Export), Ziel ist der SFTP des Logistikers. Der sagt, er habe nichts geändert, nur „die Firewall aktualisiert“.

Versucht:
1. Export tagsüber manuell angestoßen – klappt immer
2. Zeitplan von 02:00 auf 04:00 verschoben – seltener, aber weiterhin Fehler
3. Den Logistiker gebeten, Ihre IPs freizugeben – der will die vollständige Liste, die ich nicht finde
4. Auf Key-Authentifizierung umgestellt – gleiches Bild

Können Sie uns die Quell-IPs des Exports nennen? Wird bei einem Retry dieselbe IP verwendet? Und kann man sich die Datei bei einem Fehlschlag ersatzweise per Mail schicken lassen, damit das Lager nicht stillsteht?"""),
    ],
}

CONTENT["de"]["mid"] += [
    ("bank", "Wenn ich meine Karte in der App vorübergehend sperre, werden Lastschriften und Daueraufträge dann trotzdem ausgeführt? Ich bin gerade im Urlaub und habe sie sicherheitshalber gesperrt, jetzt mache ich mir Sorgen wegen der Miete."),
    ("store", "Ich habe zwei Artikel bestellt, einer ist laut Mail erst in drei Wochen lieferbar. Wird die Bestellung dann aufgeteilt, und zahle ich zweimal Versand? Beim Bezahlen stand dazu nichts."),
    ("sync", "Was passiert mit dem Versionsverlauf, wenn eine Datei umbenannt wird? Es sieht so aus, als würde der Verlauf unter dem neuen Namen bei null anfangen – wir brauchen die alten Versionen aber für eine Prüfung."),
    ("saas", "Stoppt das Archivieren eines Projekts auch dessen Automatisierungen und wiederkehrende Aufgaben? Wir haben ein paar abgeschlossene Kundenprojekte archiviert, und trotzdem bekommen Kollegen noch Erinnerungen daraus."),
    ("crm", "Was passiert mit den Kontakten und offenen Aufgaben eines Vertriebsmitarbeiters, wenn wir seinen Benutzer deaktivieren? Bleibt er als Besitzer eingetragen oder wird neu verteilt? Wir müssen demnächst {n} Benutzer entfernen."),
    ("vpn", "Warum wählt {product} bei „Schnellster Server“ bei jeder Verbindung einen anderen Standort, teilweise sogar in einem anderen Land? Dadurch funktionieren manche Seiten nicht richtig. Nach welchen Kriterien wird das entschieden, und kann man das auf ein Land beschränken?"),
    ("db", "Verursacht das Hoch- oder Herunterskalieren unserer {product}-Instanz eine Downtime? In der Doku steht „minimale Unterbrechung“ – was heißt das konkret für offene Verbindungen und laufende Transaktionen?"),
    ("game", "Wenn ich den Saisonpass mitten in der Saison kaufe, bekomme ich dann die Belohnungen für die Stufen, die ich schon erreicht habe, nachträglich? Oder gilt der Pass erst ab dem Kauf?"),
]

CONTENT["de"]["reasoning"] += [
    ("saas", """{?Seit wir unseren Webhook-Forwarder von Node 16 auf {node_ver} aktualisiert haben, schlagen etwa {pct} % der Aufrufe an die {product}-API mit ECONNRESET fehl.|Nach dem Umstieg auf {node_ver} (vorher Node 16) bekommen wir bei Aufrufen Ihrer API sporadisch ECONNRESET, ungefähr bei jedem {?fünften|zehnten} Request.} Am Code selbst hat sich nichts geändert, nur Node-Version und Base-Image.

{art_node_reset}

Es passiert nur, wenn der Dienst ein paar Sekunden nichts zu tun hatte: der erste Request nach der Pause scheitert, der nächste geht durch. Versucht haben wir:
- keepAlive: true am https.Agent (noch schlimmer)
- keepAlive: false (behebt es, kostet aber ca. 150 ms pro Aufruf)
- Retries mit exponentiellem Backoff (funktioniert, verdeckt das Problem aber und erzeugt ab und zu doppelte Events)
- das alte Base-Image mit Node 16 (Fehler weg, es liegt also an der Runtime)

Schließt Ihr Load Balancer inaktive Keep-Alive-Verbindungen nach einem bestimmten Timeout? Wenn ja, nach wie vielen Sekunden, damit wir unseren freeSocketTimeout darunter setzen können? Und sind POST /v2/events idempotent, wenn wir sie wiederholen?"""),
    ("crm", """{?Unsere Integration mit {product} verliert alle paar Tage die Autorisierung.|Alle paar Tage müssen unsere Nutzer die {product}-Anbindung neu autorisieren.} Der Refresh-Aufruf liefert:

{art_oauth_json}

Wir betreiben {n} Instanzen unseres Backends hinter einem Load Balancer, und jede erneuert das Token, sobald sie einen 401 bekommt. Ich vermute, dass zwei Instanzen gleichzeitig refreshen und sich gegenseitig das Refresh-Token ungültig machen – weiß aber nicht, wie Ihre Token-Rotation genau funktioniert.

Bisher probiert:
1. Tokens in Redis statt im Speicher abgelegt, damit alle Instanzen dieselben nutzen → passiert weiterhin, vielleicht seltener
2. Proaktiver Refresh per Cronjob 5 Minuten vor Ablauf → eine Woche gut, dann am Wochenende wieder ausgefallen
3. Verteiltes Lock um den Refresh gelegt → zu früh für ein Urteil

Sind Refresh-Tokens nur einmal verwendbar? Gibt es eine Karenzzeit, in der das alte Token nach der Rotation noch gilt? Und kann man im Audit-Log sehen, welcher Client das Token ungültig gemacht hat?"""),
    ("crm", """Unser nächtlicher Komplettabgleich von {product} ins Data Warehouse bricht seit einer Woche ab. Log-Auszug:

{art_ratelimit_log}

Wir laufen mit {n} Workern, bis vor Kurzem war der Job nach ca. 40 Minuten durch. An der Anzahl der Worker haben wir nichts geändert. {?Einzige Änderung: das Marketing hat ein Dashboard-Tool mit einem eigenen API-Key angebunden.|Neu ist nur, dass das Marketing ein zweites Tool (Dashboards) mit separatem API-Key verbunden hat.}

Was ich probiert habe:
- Retry-After respektieren (machen wir, wie man sieht – der 429 kommt trotzdem wieder)
- auf 2 Worker reduziert → kein 429 mehr, aber der Job dauert über {hours} Stunden
- Bulk-Export-Endpunkt → liefert 403 „feature not available on plan“

Gilt das Rate-Limit für alle API-Keys des Accounts gemeinsam? Wird Retry-After länger, wenn wir weiter anfragen? Und welcher Tarif enthält den Bulk-Export? Auf der Preisseite finde ich dazu nichts."""),
    ("db", """Nach der Migration von unserem selbst betriebenen Postgres {pg_ver} zu {product} ist eine unserer zentralen Reporting-Abfragen von ca. 300 ms auf über {?20|30|40} Sekunden gestiegen.

{art_explain}

Auf dem alten Server hat der Planer den Index auf orders(created_at) benutzt, bei {product} macht er einen Seq Scan. Was ich gemacht habe:
- ANALYZE auf beiden Tabellen → keine Änderung
- Index geprüft: orders_created_at_idx existiert und ist gültig
- in einer Session enable_seqscan = off gesetzt → Index wird genutzt, Abfrage wieder schnell (aber das ist natürlich keine Lösung)
- random_page_cost verglichen: 1.1 bei uns, 4 bei {product}

Können wir random_page_cost in unserem Tarif ändern, oder ist das gesperrt? Liegt der Speicher bei {product} im Netzwerk (das würde den Standardwert erklären)? Und würden Sie für das „letzte 30 Tage“-Muster eher einen partiellen Index oder Partitionierung empfehlen?"""),
    ("saas", """Ich brauche Hilfe bei einer Abweichung zwischen der Zeiterfassung in {product} und unserer Lohnabrechnung, und ich bin inzwischen durch drei Systeme durch, ohne die Ursache zu finden.

So ist es eingerichtet: Die Mitarbeitenden stempeln in der {product}-App ein und aus. Am Monatsende exportieren wir die Stundenzettel über Ihre Schnittstelle an unseren Lohnabrechnungsdienstleister, der daraus die Zuschläge berechnet.

Das Problem: Im {?März|Oktober} haben {n} Kolleginnen und Kollegen aus der Nachtschicht eine Stunde zu wenig bezahlt bekommen. Es ist immer genau eine Stunde und immer die Schicht in der Nacht der Zeitumstellung. In der Stundenansicht von {product} stehen 9 Stunden, in der Exportdatei 8. Die Tagschicht ist nicht betroffen.

Geprüft habe ich: die Zeitzone des Workspaces stimmt, die Handys stehen auf automatischer Uhrzeit, die CSV selbst enthält schon die 8 Stunden (es liegt also nicht beim Dienstleister), und manuelles Bearbeiten und erneutes Speichern der Schicht ändert am exportierten Wert nichts.

Berechnet der Export die Dauer aus den lokalen Uhrzeiten statt aus der tatsächlich vergangenen Zeit? Gibt es eine Einstellung dafür, oder müssen wir diese Schichten vor jedem Export von Hand korrigieren? Und passiert bei der nächsten Zeitumstellung dann das Gegenteil, also eine Stunde zu viel?"""),
    ("bank", """Die {product}-App stürzt auf meinem iPhone seit dem Update auf {ios} direkt nach Face ID ab. Sie startet, fragt Face ID ab, das klappt, und dann ist die App weg. Aus Einstellungen > Datenschutz > Analyse habe ich diesen Absturzbericht:

{art_ios_crash}

Was ich probiert habe:
[[pick 3-4]]
1. Handy neu gestartet und App neu installiert (dabei ging die Geräteregistrierung verloren, Freischaltung per Brief hat {n} Tage gedauert)
2. Face ID für die App in den iOS-Einstellungen deaktiviert → dann kommt die Code-Abfrage und der Absturz passiert genauso danach
3. Face ID komplett zurückgesetzt und neu eingerichtet
4. Auf meinem iPad mit derselben iOS-Version eingeloggt → dort läuft alles
[[/pick]]

Es liegt also an der Kombination aus meinem Telefon und der App, nicht an meinem Konto. Ist das Problem mit {ios} bekannt? Gibt es eine Möglichkeit, sich ohne biometrischen Schritt nur mit dem Code anzumelden? Ich muss bis {weekday} eine Zahlung freigeben."""),
    ("saas", """Jede Nacht gegen 02:00 bricht unser Batch-Upload mit `java.net.SocketTimeoutException: Read timed out at com.{pkg}.sync.HttpTransport.execute(HttpTransport.java:{ln1})` ab. Tagsüber läuft derselbe Datenbestand problemlos durch. Gibt es bei Ihnen um diese Zeit Wartung oder Backups? Timeout haben wir schon auf 120 s erhöht, ohne Erfolg."""),
]

CONTENT["de"]["reasoning"] += [
    ("saas", """Seit dem Update des Connectors auf {ver_new} bekommen wir ORA-01017 (invalid username/password; logon denied), obwohl dieselben Zugangsdaten in SQL*Plus funktionieren. Passwort neu eingegeben, Vault-Eintrag zurückgesetzt, Agent zweimal neu gestartet – ohne Erfolg. Wird das Passwort irgendwo zwischengespeichert?"""),
    ("db", """`SSL SYSCALL error: EOF detected` etwa alle {minutes} Minuten von unseren App-Servern in {region} zu {product}. TCP-Keepalives sind gesetzt (idle 60 s). Angefangen hat es nach Ihrer Wartung am {date}. Wurden dabei Idle-Timeouts geändert?"""),
    ("any", """Die Bulk-API antwortet mit `413 Request Entity Too Large` bei Batches mit {n2} Datensätzen, laut Doku sind 10.000 pro Request erlaubt. Der Payload ist gezippt ca. 9 MB. Gilt das Limit für Datensätze oder Bytes, und zählt die komprimierte Größe?"""),
]
CONTENT["de"]["mid"] += [
    ("crm", "Unser Vertrieb arbeitet mit zwei Währungen. Deals werden je nach Kunde in EUR oder CHF angelegt, der Pipeline-Bericht zeigt aber alles in EUR. Welchen Wechselkurs nimmt {product} für die Umrechnung – den vom Anlagedatum, vom Abschlussdatum oder den aktuellen? Wenn ich mir heute den Bericht vom letzten Quartal anschaue, weicht die gewonnene Summe von dem ab, was wir damals gemeldet haben. Kann man den Kurs beim Gewinnen eines Deals einfrieren?"),
]


# --------------------------------------------------------------------------
# Spanish
# --------------------------------------------------------------------------
POOLS["es"] = {
    "small_ctx_biz": ["Tengo una pequeña {?panadería|clínica de fisioterapia|agencia de diseño|ferretería} y uso {product} para {?las facturas|las citas|las tareas del equipo}.",
                      "La cuenta la creó mi antiguo jefe, que ya no está en la empresa.",
                      "Llevo la parte administrativa en {company}, así que estas cosas me tocan a mí.",
                      "Somos solo {n} usuarios, nada complicado."],
    "small_ctx": ["Estoy de viaje y escribo desde el móvil.",
                  "Acabo de volver de {?la baja|vacaciones} y veo que la app ha cambiado bastante.",
                  "Normalmente me ayuda mi {?hijo|nieta} con estas cosas, pero esta semana no está.",
                  "Soy cliente desde hace años y nunca había tenido que hacer esto."],
    "greet": {
        "polite": ["Hola,", "Buenos días,", "Buenas tardes,", "Estimado equipo de soporte:", "Hola equipo de {product},",
                   "Buenas,", "Hola, ¿qué tal?", "Estimados:"],
        "casual": ["Hola!", "Buenas!", "Qué tal,", "Hola gente,"],
        "angry": ["", "Buenas.", "A quien corresponda:"],
    },
    "sign": {
        "polite": ["Gracias,\n{first}", "Saludos,\n{fullname}", "Un saludo,\n{first}", "Muchas gracias de antemano.",
                   "Atentamente,\n{fullname}\n{company}", "Quedo atento/a a su respuesta.\n{fullname}",
                   "Saludos cordiales,\n{fullname}", "¡Gracias!\n{first}"],
        "casual": ["gracias!", "saludos", "mil gracias", "un abrazo, {first}"],
        "angry": ["Espero una respuesta hoy mismo.", "Esto no puede seguir así.", "Saludos.",
                  "Exijo una solución.", "{fullname}"],
    },
    "pre": ["Espero que estén bien.", "Uso {product} desde {year} y en general estoy muy contento.",
            "Perdón si es una pregunta muy básica.", "No se me dan muy bien estas cosas, así que tengan paciencia.",
            "Una pregunta rápida.", "He buscado en el centro de ayuda pero no lo encuentro.",
            "Un compañero me dijo que ustedes me podrían ayudar con esto."],
    "post": ["¡Muchas gracias por la ayuda!", "Sin prisa.", "Que tengan buen día.", "Si es más fácil, me pueden llamar.",
             "Gracias por su tiempo."],
    "angry_pre": ["No puede ser tan complicado.", "Es la segunda vez que pregunto.", "Estoy bastante molesto.",
                  "Su centro de ayuda no sirve para nada en esto.", "Llevo media hora esperando en el chat."],
    "mid_ctx": ["Somos un equipo de {seats} personas y usamos {product} desde hace unos {n} meses.",
                "Gestiono la cuenta de {product} en {company}.",
                "No es exactamente un error, más bien quiero entender cómo funciona.",
                "Tengo una duda sobre el comportamiento de {product}."],
    "r_open": [
        "Llevamos {?dos días|toda la semana|desde el {weekday}} con esto y ya no sabemos qué más probar.",
        "Perdón por el mensaje tan largo, prefiero mandar toda la información de una vez.",
    ],
    "r_open_biz": [
        "Escribo en nombre de nuestro equipo de desarrollo.",
        "Esto nos está afectando en producción.",
    ],
    "r_close": [
        "Si necesitan los logs completos o una llamada, sin problema.",
        "¿Pueden escalarlo al equipo técnico?",
        "Cualquier pista se agradece, aunque sea confirmar si es un problema conocido.",
    ],
    "r_close_biz": [
        "Esto nos bloquea el {?cierre de mes|lanzamiento del {weekday}}, así que agradecería una respuesta rápida.",
        "Puedo enviar más request IDs si hace falta.",
    ],
}

CONTENT["es"] = {
    "small": [
        ("any", "¿Cómo restablezco mi contraseña? No me acuerdo de cuál puse y no puedo entrar."),
        ("any", "Quiero cambiar el correo de mi cuenta de {product} por {email}. ¿Dónde se hace?"),
        ("any", "Me caducó la tarjeta. ¿Dónde actualizo los datos de pago para que no falle el próximo cobro?"),
        ("saas", "¿Dónde puedo descargar la factura de {month}? La necesito para {?la gestoría|mi contador|la declaración de impuestos}."),
        ("saas", "¿Cómo cancelo la suscripción? No encuentro el botón por ningún lado."),
        ("saas", "Queremos pasar del plan {plan} al {plan2}. ¿Lo podemos hacer nosotros o lo tienen que cambiar ustedes?"),
        ("store", "Devolví el pedido {order} el {date}. ¿Cuándo me llega el reembolso a la tarjeta?"),
        ("any", "¿Cuál es el horario de atención? ¿Atienden los fines de semana?"),
        ("saas", "¿Cómo añado a un nuevo usuario a nuestra cuenta de equipo?"),
        ("bank", "¿Cómo cambio el PIN de la tarjeta desde la app de {product}?"),
        ("bank", "Creo que perdí la tarjeta. ¿Cómo la bloqueo temporalmente desde la app?"),
        ("store", "¿Puedo cambiar la dirección de entrega del pedido {order}? Todavía no ha salido."),
        ("vpn", "¿En cuántos dispositivos puedo usar {product} con una sola suscripción?"),
        ("any", "¿Cómo activo la verificación en dos pasos?"),
        ("any", "¿Dónde se desactivan las notificaciones por correo? Me llegan {?demasiadas|como 30 al día}."),
        ("saas", "¿Se puede pagar anual en vez de mensual? ¿Sale más barato?"),
        ("game", "Cambié de celular. ¿Cómo paso mi progreso de {product} al nuevo?"),
        ("saas", "¿Dónde pongo el NIF de la empresa para que salga en las facturas?"),
        ("store", "¿Hacen envíos a {country}? ¿Cuánto suele tardar?"),
        ("any", "Por favor, eliminen mi cuenta y todos mis datos."),
        ("bank", "¿Cuál es el límite diario de transferencias y dónde lo cambio?"),
        ("saas", "Este mes me cobraron dos veces {amount}. ¿Me pueden devolver uno de los cargos?"),
        ("store", "¿Todavía puedo cancelar el pedido {order}? Lo hice {?hace una hora|esta mañana} por error."),
    ],
    "mid": [
        ("sync", "Cuando edito un archivo sin conexión en el portátil y a la vez un compañero lo modifica en la web, {product} crea una «copia en conflicto». ¿Por qué no fusiona los cambios? ¿Se puede configurar para que gane siempre una de las dos versiones?"),
        ("crm", "Tenemos dos embudos en {product}, uno para clientes nuevos y otro para renovaciones. Si muevo una oportunidad de uno a otro, ¿se mantiene su historial de actividades? ¿Y sigue contando para la tasa de cierre del primero? El mes pasado la tasa subió de golpe y no entendemos por qué."),
        ("saas", "¿El plan {plan} incluye SSO con {idp} o necesitamos el {plan2}? Somos {seats} personas y solo nos interesa el SSO, nada más del paquete enterprise."),
        ("bank", "Programé una transferencia periódica para el día 31. En los meses de 30 días se ejecutó el 1 del mes siguiente en lugar del 30. ¿Es así como debe funcionar? Me descuadra el pago del alquiler."),
        ("vpn", "Activé el split tunneling en {product} para que solo el navegador vaya por la VPN, pero la app del banco sigue saliendo por el túnel. ¿En {os} funciona por aplicación o solo por rangos de IP? ¿El kill switch lo anula?"),
        ("game", "Juego a {product} en la tablet y en el móvil con la misma cuenta. ¿Qué progreso prevalece cuando se sincronizan? Perdí como dos días de avance en la tablet después de jugar en el móvil."),
        ("any", "Sobre los webhooks: si nuestro endpoint está caído unos minutos, ¿reintentan? ¿Durante cuánto tiempo? ¿Y llegan en orden después del reintento? Nos llegó un evento 'updated' antes que el 'created'."),
        ("saas", "Las tareas recurrentes: si termino la de esta semana con retraso, la siguiente se programa a partir de la fecha de finalización y no según el calendario original. ¿Hay forma de que quede fija todos los {weekday}?"),
        ("db", "Los backups están configurados diarios, pero la restauración a un punto en el tiempo solo nos deja volver {n} días atrás. ¿La retención va aparte de la frecuencia? Si subimos de plan, ¿se amplía también para los backups que ya existen?"),
        ("store", "Devolví parte de un pedido y me quitaron los puntos de fidelidad de esos artículos, pero los puntos que había usado para pagar ese pedido no me los devolvieron. ¿Cómo funcionan los puntos en las devoluciones parciales?"),
        ("saas", "Si duplico un proyecto, ¿se copian también las automatizaciones y las integraciones? Después de duplicarlo, las notificaciones de Slack del proyecto nuevo se van al canal del antiguo."),
        ("crm", "La integración con Outlook registra los correos que enviamos, pero las respuestas de los contactos solo se registran a veces. ¿Hay alguna regla para asociar respuestas, por ejemplo que sea el mismo hilo?"),
        ("saas", "Desde la versión {ver} la vista de cronograma oculta las tareas sin fecha de inicio. ¿Es un cambio intencionado? Muchas de nuestras tareas solo tienen fecha de entrega."),
        ("bank", "Pagué un hotel en el extranjero en moneda local y a los dos días el importe cambió en la app al contabilizarse. ¿Qué tipo de cambio aplican, el del momento del pago o el de la liquidación? ¿Y la comisión se calcula sobre el primero o sobre el final?"),
        ("mail", "Nuestra tasa de apertura bajó casi a la mitad desde que usamos el nuevo editor de {product}. ¿El nuevo editor cambia la forma de insertar el píxel de seguimiento, o es más probable que sea un tema de entregabilidad?"),
    ],
    "reasoning": [
        ("saas", """Desde que actualizamos nuestro reenviador de webhooks de Node 16 a {node_ver}, más o menos un {pct}% de las llamadas a la API de {product} fallan con ECONNRESET. No cambiamos nada más que la versión de Node y la imagen base de Docker.

{art_node_reset}

Solo pasa cuando el servicio lleva unos segundos sin actividad: la primera petición tras una pausa de ~5 s falla y la siguiente funciona. Ya probamos:
- keepAlive: true en el https.Agent (peor)
- keepAlive: false (lo soluciona, pero la latencia sube unos 150 ms por llamada)
- reintentos con backoff exponencial (funciona, pero tapa el problema y a veces duplica eventos)

¿Su balanceador cierra las conexiones keep-alive inactivas tras algún timeout? ¿Cuál es, para poner el freeSocketTimeout por debajo? ¿Y las llamadas POST /v2/events son idempotentes si las reintentamos?"""),
        ("crm", """Nuestra integración con {product} pierde la autorización cada pocos días. La llamada de refresco devuelve:

{art_oauth_json}

Tenemos {n} instancias del backend detrás de un balanceador y cada una refresca el token cuando recibe un 401. Sospecho que dos instancias refrescan a la vez y una invalida el refresh token de la otra, pero no sé cómo funciona su rotación de tokens.

Lo que hemos probado:
1. Guardar los tokens en Redis en vez de en memoria, para compartirlos → sigue pasando, quizá menos
2. Refrescar de forma proactiva 5 minutos antes de que caduque, con un cron → funcionó una semana y volvió a fallar un fin de semana
3. Volver a autorizar la app a mano → funciona hasta el siguiente fallo

¿Los refresh tokens son de un solo uso? ¿Hay un periodo de gracia en el que el anterior sigue valiendo? ¿Y se puede ver en el registro de auditoría qué cliente invalidó el token?"""),
        ("game", """{product} se cierra cada vez que abro el inventario desde la actualización {app_ver}. Antes iba perfecto.

Dispositivo: {phone}, {android}

Lo conecté al ordenador y saqué esto del logcat:
{art_android_npe}

Pasos para reproducirlo:
1. Abrir el juego e iniciar sesión
2. Tocar el icono de la mochila (inventario)
3. Bajar hasta el final de la lista
4. Se cierra y vuelve a la pantalla de inicio

Ya probé a borrar la caché, reinstalar y cerrar sesión. Una amiga tiene el mismo móvil y no le pasa, pero tiene menos objetos. Yo tengo muchos objetos del evento de la temporada pasada, ¿puede que alguno esté roto? No quiero perderlos, así que por favor no me reseteen el inventario."""),
        ("vpn", """{product} conecta sin problema en casa, pero en la red de la oficina no hay manera.

Log del cliente en la oficina:
{art_wg_log}

Lo que ya he probado:
- cambiar a mano el protocolo a OpenVPN UDP y TCP: los dos dan timeout
- otros servidores ({vpnnode} y un par más): igual
- bajar la MTU a 1280 en la configuración avanzada
- compartir datos desde el móvil estando en la oficina: conecta al instante

Los de sistemas dicen que no bloquean VPNs, pero tienen un firewall con "control de aplicaciones". ¿Qué puertos y dominios necesita el cliente además de 51820/UDP y 443/TCP? ¿La app llama a alguna API antes de conectar (claves, lista de servidores) que pueda estar bloqueada? Quiero pasarles una lista exacta."""),
        ("crm", """La sincronización completa nocturna de {product} a nuestro data warehouse lleva una semana fallando. Extracto del log:

{art_ratelimit_log}

Usamos {n} workers y hasta hace poco el job terminaba en unos 40 minutos. No hemos aumentado los workers. Lo único que cambió es que marketing conectó una segunda integración (una herramienta de dashboards) con otra API key.

Probé:
- respetar el Retry-After (lo hacemos, como se ve, pero vuelve a salir)
- bajar a 2 workers → ya no da 429 pero tarda más de {hours} horas
- usar el endpoint de exportación masiva → devuelve 403 "feature not available on plan"

Entonces: ¿el límite se comparte entre todas las API keys de la cuenta? ¿El Retry-After aumenta si seguimos reintentando? ¿Y qué plan incluye la exportación masiva? No lo veo en la página de precios."""),
        ("store", """Usamos {product} con nuestro propio servicio de inventario y desde la semana pasada tenemos deadlocks en Postgres casi todas las noches en hora punta. El cliente ve un error genérico en el checkout.

Log de Postgres:
{art_pg_deadlock}

Nuestro servicio reserva stock al añadir al carrito y lo descuenta cuando llega el webhook del pedido de {product}. Las dos rutas hacen UPDATE sobre stock_levels, en el orden en que aparecen los artículos en el carrito.

Ya intentamos:
1. Reintentar la transacción ante deadlock (SQLSTATE 40P01) → bajan los fallos, pero seguimos viendo 2-3 por noche
2. SELECT ... FOR UPDATE antes del UPDATE → empeoró
3. Procesar los webhooks de uno en uno → se arregla, pero se acumulan y los pedidos se confirman con minutos de retraso

¿{product} envía webhooks del mismo pedido en paralelo (order.created y order.paid a la vez)? ¿El orden de las líneas del pedido en el webhook está garantizado o puede ser distinto al del carrito?"""),
        ("mail", """El formulario de suscripción de {product} que tenemos incrustado en la web dejó de enviar. No entra nada en la lista y en la consola aparece:

{art_cors_console}

Código que tenemos en la página:
{art_embed_snippet}

El {weekday} pasado movimos la web al dominio con www ({custdom}). Añadí www.{custdom} en "Dominios permitidos" en la configuración del formulario y vacié la caché del CDN. Sigue bloqueado. También lo probé en incógnito y desde el móvil. ¿Tarda en aplicarse el cambio de dominios permitidos? ¿El data-region tiene que coincidir con la región de la cuenta? La nuestra está en {region}."""),
        ("saas", """Tenemos un endpoint que recibe los webhooks de {product} y desde el {date} falla con una parte de los eventos:

{art_py_keyerror_webhook}

Solo pasa con eventos de facturas creadas desde el portal de cliente; las que crea nuestro equipo van bien. Revisé el payload de uno de los eventos fallidos y "customer" no viene dentro de "data", sino que hay un "customer_id" al nivel superior.

Pasos que hicimos:
1. Revisar la versión de la API configurada en el webhook: pone {ver_old}, pero en el panel aparece un aviso de que la {ver_new} será la predeterminada
2. Reenviar los eventos fallidos desde el panel: vuelven a fallar igual
3. Crear un endpoint de prueba con la versión {ver_new}: ahí todos los eventos tienen el formato nuevo

¿Es posible que parte de los eventos ya se estén enviando con el formato nuevo aunque el endpoint esté fijado en la versión antigua? ¿Cómo migramos sin perder eventos durante el cambio? ¿Los reintentos (ahora van por el 3) usan el formato original del evento?"""),
        ("bank", """Quiero reclamar una transferencia que no le ha llegado al destinatario y nadie me da una respuesta clara.

El {date} envié {amount2} a un proveedor como transferencia inmediata desde la app de {product}. En la app salió "Completada" en segundos y el dinero se descontó. El banco del proveedor dice que no ha recibido nada. Dos días después, en el extracto, la misma operación aparece como "Pendiente" y con una referencia distinta a la de la app ({refcode}).

Lo que he hecho hasta ahora: llamé al teléfono de atención y me dijeron que esperara 3 días hábiles. Esperé 5. El proveedor llamó a su banco y le piden la referencia end-to-end del banco emisor para poder investigar, pero no sé si es la de la app o la del extracto. Intenté descargar el justificante desde la app y el botón está desactivado para esa operación.

Mis preguntas: ¿qué estado es el correcto, el de la app o el del extracto? ¿Salió realmente como inmediata o pasó a ser una transferencia normal? ¿Pueden abrir una solicitud de rastreo o devolución con el banco receptor? ¿Y qué referencia le doy a mi proveedor? Me está reclamando el pago con recargo."""),
        ("crm", """Se nos están duplicando contactos en {product} y creo que es un bucle entre tres sistemas, pero no consigo ver dónde empieza.

El montaje: el formulario de contacto de la web escribe en {product} con el plugin oficial. {product} sincroniza los contactos con nuestra herramienta de email marketing (sincronización bidireccional). Además, el equipo comercial importa cada pocas semanas los leads de ferias desde hojas de cálculo.

Lo que pasa:
1. Alguien rellena el formulario y se crea el contacto en {product}. Bien.
2. A los pocos minutos aparece un segundo contacto con el mismo email, propietario "Usuario de integración" y la etapa reseteada a "Suscriptor".
3. Si un comercial fusiona los dos, tras la siguiente sincronización aparece un tercero.

Probamos a desactivar la sincronización bidireccional un día: cero duplicados ese día. La reactivamos con "coincidir por email" en vez de "por ID" y volvieron los duplicados, pero solo con emails que tienen mayúsculas. La versión del plugin del formulario es la {ver}.

¿La sincronización compara los emails distinguiendo mayúsculas? Si es así, ¿hay forma de normalizar los registros existentes? Y una vez arreglado, ¿cómo fusionamos unos {n2} duplicados sin perder el historial de actividad de ninguno de los dos lados?"""),
        ("saas", """Todas las noches sobre las 02:00 nuestro proceso de subida falla con `java.net.SocketTimeoutException: Read timed out at com.{pkg}.sync.HttpTransport.execute(HttpTransport.java:{ln1})`. De día, con los mismos datos, funciona. ¿Tienen mantenimiento o backups a esa hora? Ya subimos el timeout a 120 s y nada."""),
        ("saas", """El contenedor no arranca después de actualizar a {ver_new}:

{art_py_env}

La variable SÍ está en el secret de Kubernetes y `kubectl exec ... env` la muestra. ¿Cambió la forma de leer las variables de entorno (prefijo, secretos en fichero)? Con {ver_old} funcionaba."""),
        ("db", """Tras migrar de nuestro Postgres {pg_ver} autogestionado a {product}, una de las consultas principales de reporting pasó de ~300 ms a más de {?20|30|40} segundos.

{art_explain}

En el servidor antiguo el planificador usaba el índice de orders(created_at). En {product} hace un seq scan. Lo que hice:
- ANALYZE orders; ANALYZE customers; → nada
- comprobar que el índice existe: sí, orders_created_at_idx está y es válido
- SET enable_seqscan = off en una sesión → usa el índice y vuelve a ir rápido, pero eso no es una solución
- comparar random_page_cost: 1.1 en nuestro servidor, 4 en {product}

¿Podemos cambiar random_page_cost en nuestro plan o está bloqueado? ¿El almacenamiento de {product} es en red (lo que explicaría el valor por defecto)? ¿Recomiendan un índice parcial o particionar para este patrón de "últimos 30 días"?"""),
    ],
}

CONTENT["es"]["mid"] += [
    ("bank", "Si congelo la tarjeta desde la app, ¿se siguen cobrando los recibos domiciliados y las suscripciones? La bloqueé durante un viaje y ahora no sé si se va a pagar el alquiler."),
    ("store", "Pedí dos artículos y uno no tiene stock hasta dentro de tres semanas. ¿Me lo envían por separado? ¿Pago dos veces los gastos de envío? En el pago no decía nada."),
    ("crm", "¿Qué pasa con los contactos y las tareas abiertas de un comercial cuando desactivamos su usuario? ¿Sigue figurando como propietario o se reparten? Vamos a dar de baja a {n} usuarios pronto."),
    ("sync", "¿Qué pasa con el historial de versiones cuando se renombra un archivo? Parece que con el nombre nuevo empieza de cero, y necesitamos las versiones antiguas para una auditoría."),
    ("vpn", "¿Por qué {product} elige un servidor distinto cada vez que me conecto con la opción «Servidor más rápido»? A veces es de otro país y algunas webs dejan de funcionar. ¿Cómo decide cuál es el más rápido?"),
    ("game", "Si compro el pase de temporada a mitad de temporada, ¿recibo las recompensas de los niveles que ya he pasado o solo a partir de ahora?"),
    ("saas", "¿Archivar un proyecto detiene sus automatizaciones y tareas recurrentes? Archivamos varios proyectos de clientes ya cerrados y la gente sigue recibiendo recordatorios de ellos."),
    ("db", "¿Escalar la instancia de {product} hacia arriba o hacia abajo provoca una caída? La documentación habla de «interrupción mínima», pero ¿qué significa eso en la práctica para las conexiones abiertas y las transacciones en curso?"),
]

CONTENT["es"]["reasoning"] += [
    ("saas", """{?Tenemos {product} autoalojado detrás de nginx en una sola VM.|Usamos {product} en nuestro propio servidor, con nginx delante.} Desde que actualizamos de {ver_old} a {ver_new} el {weekday} pasado, los usuarios reciben 502 Bad Gateway de forma aleatoria, sobre todo al abrir proyectos grandes o cuando corre la sincronización.

Log de errores de nginx:
{art_nginx_502}

Parte relevante de la configuración:
{art_nginx_conf}

Lo que hemos hecho:
1. Subir proxy_read_timeout a 300s → nada, los 502 salen a los pocos segundos, no por timeout
2. Mirar el contenedor de la app: se reinicia cada {minutes} minutos más o menos (exit code 137), coincide con las líneas de "connection refused"
3. Darle {gb} GB más de RAM a la VM → se reinicia menos, pero sigue pasando

¿La {ver_new} cambió la configuración de memoria por defecto o el número de workers? ¿Hay algún ajuste recomendado para proyectos de más de {n3} elementos? Podríamos volver atrás, pero la migración de base de datos ya se ejecutó."""),
    ("saas", """Nuestra integración en Java dejó de funcionar esta mañana. Todas las llamadas a {api_host} fallan con:

{art_java_pkix}

Usamos Java {java_ver} detrás de un proxy corporativo que hace inspección TLS. {?Por nuestra parte no ha cambiado nada, pero vi que su certificado se renovó ayer y parece emitido por otra CA.|No hemos desplegado nada; lo único que he visto es que ayer renovaron su certificado y ahora lo firma otra entidad.}

Lo que probé:
1. Importar su certificado nuevo en el cacerts de la JVM con keytool → mismo error
2. Importar también la CA raíz de nuestro proxy → igual
3. Usar un truststore propio con los dos vía -Djavax.net.ssl.trustStore → ahora falla con "Received fatal alert: handshake_failure"
4. curl desde el mismo servidor funciona (pero usa el almacén del sistema, no el de Java)

¿Cambiaron la cadena de certificados (intermedio) o los cipher suites permitidos? Nuestro equipo de seguridad necesita saber exactamente qué tiene que permitir en el proxy antes de tocar nada."""),
    ("saas", """El agente de {product} que corre en nuestro Kubernetes está en CrashLoopBackOff desde que actualizamos el Helm chart a {ver_new}.

{art_k8s_pods}

Recursos del contenedor:
{art_k8s_yaml}

Ya duplicamos el límite de memoria una vez y solo tarda más en morir por OOMKilled. Justo antes de caerse, el log siempre muestra "loading full index ({n2} objects)". Con la {ver_old} funcionó meses con los mismos límites.

1. ¿La {ver_new} carga el índice completo en memoria al arrancar en lugar de paginarlo como antes?
2. ¿Hay alguna variable de entorno para forzar el modo incremental antiguo?
3. ¿Bajar AGENT_CONCURRENCY ayudaría, o el consumo de memoria no depende de eso?"""),
    ("saas", """Necesito ayuda para entender por qué las nóminas no cuadran con las horas registradas en {product}. Ya he revisado tres sistemas y no encuentro el origen.

Cómo lo tenemos montado: los empleados fichan entrada y salida en la app de {product}. A final de mes exportamos los partes de horas a nuestra gestoría con la integración que ofrecen ustedes, y la gestoría calcula las horas extra y los pluses de nocturnidad.

Qué ha pasado: en {?marzo|octubre}, {n} personas del turno de noche cobraron una hora menos de la que aparece en {product}. Siempre es exactamente una hora y siempre en el turno de la noche del cambio de hora. En la vista de horas de {product} el turno marca 9 horas; en el fichero exportado, 8. El turno de día está bien.

Lo que he comprobado: la zona horaria del espacio de trabajo es correcta, los móviles tienen la hora automática, el propio CSV ya trae las 8 horas (así que no es cosa de la gestoría), y editar el turno a mano y volver a guardarlo no cambia lo que se exporta.

¿La exportación calcula la duración a partir de la hora local en vez del tiempo real transcurrido? ¿Hay algún ajuste para corregirlo o tenemos que arreglar esos turnos a mano antes de cada exportación? ¿Y en el próximo cambio de hora pasará lo contrario, pagaremos una hora de más?"""),
    ("saas", """El SSO con {idp} dejó de funcionar para parte de la plantilla después de migrar a un tenant nuevo el {date}. Más o menos la mitad entra sin problema; el resto acaba en una página de error.

De su registro de auditoría:
{art_saml_log}

Lo que hemos hecho:
1. Volver a subir los metadatos del IdP nuevo en la administración de {product} → algunos usuarios vuelven a entrar
2. Sincronizar la hora del proxy ADFS → el aviso de desfase desapareció un día y luego volvió
3. Comparar usuarios que funcionan y que no: todos los que fallan tienen marcadores a la URL de login antigua e inician sesión desde el IdP

¿El error de Audience puede venir del entity ID específico del tenant? Nunca tocamos ese ajuste, pero quizá la migración lo cambió. ¿Y cómo admitimos a la vez el login iniciado por el IdP y por el SP sin el error de InResponseTo?"""),
    ("saas", """Tras actualizar {sdk} a {ver_new}, todas las llamadas a list_invoices() fallan:

{art_py_attr}

Con {ver_old} va bien. ¿Cambió el formato de la paginación? Nuestro código no toca `meta`, eso lo hace su cliente."""),
]

CONTENT["es"]["reasoning"] += [
    ("saas", """Desde que actualizamos el conector a {ver_new} nos da ORA-01017: invalid username/password; logon denied, aunque las mismas credenciales funcionan en SQL*Plus. Volví a meter la contraseña, reinicié el agente y regeneré la entrada del vault. ¿Se guarda la contraseña en caché en algún sitio?"""),
    ("any", """La API bulk devuelve `413 Request Entity Too Large` con lotes de {n2} registros, y la documentación dice que se admiten 10.000 por petición. El payload pesa unos 9 MB comprimido. ¿El límite es por registros o por bytes? ¿Cuenta el tamaño comprimido?"""),
    ("saas", """El dominio propio da ERR_SSL_PROTOCOL_ERROR desde que apuntamos el DNS a ustedes el {date}; la URL .{dom} funciona. El CNAME sale verificado en el panel, esperamos 48 h y borramos HSTS en Chrome. ¿Se ha quedado el certificado en "pendiente"?"""),
]
CONTENT["es"]["mid"] += [
    ("bank", "Intento entender cómo se calculan los intereses del descubierto. El mes pasado estuve en números rojos {n} días, como mucho unos {amount}, pero lo que me han cobrado parece más de lo que indica el tipo que aparece en la app. ¿Los intereses se calculan cada día sobre el saldo al cierre o sobre el saldo más bajo del día? ¿Y los pagos con tarjeta pendientes cuentan para el descubierto antes de contabilizarse?"),
]


# --------------------------------------------------------------------------
# French
# --------------------------------------------------------------------------
POOLS["fr"] = {
    "small_ctx_biz": ["J'ai une petite {?boulangerie|agence de com|cabinet de kiné|entreprise de plomberie} et j'utilise {product} pour {?la facturation|les rendez-vous|les tâches de l'équipe}.",
                      "C'est mon ancien responsable qui avait créé le compte, et il n'est plus là.",
                      "Je m'occupe de l'administratif chez {company}, donc ce genre de question tombe sur moi.",
                      "On n'est que {n} utilisateurs, rien de compliqué."],
    "small_ctx": ["Je suis en déplacement et j'écris depuis mon téléphone.",
                  "Je rentre de {?congé maternité|longues vacances} et l'appli a pas mal changé.",
                  "D'habitude c'est mon {?fils|petit-fils} qui m'aide pour ça, mais il n'est pas là cette semaine.",
                  "Je suis client depuis des années et je n'ai jamais eu à faire ça."],
    "greet": {
        "polite": ["Bonjour,", "Bonjour à tous,", "Madame, Monsieur,", "Bonjour l'équipe {product},", "Bonsoir,",
                   "Bonjour le support,", "Chère équipe,"],
        "casual": ["Salut,", "Coucou,", "Hello,", "Salut l'équipe !"],
        "angry": ["", "Bonjour.", "Madame, Monsieur,"],
    },
    "sign": {
        "polite": ["Merci,\n{first}", "Cordialement,\n{fullname}", "Bien cordialement,\n{fullname}\n{company}",
                   "Merci d'avance.", "Bonne journée,\n{first}", "Merci pour votre aide,\n{fullname}",
                   "Bien à vous,\n{fullname}", "Dans l'attente de votre retour,\n{fullname}"],
        "casual": ["merci !", "bonne journée", "a+", "merci d'avance, {first}"],
        "angry": ["J'attends une réponse rapide.", "Ce n'est pas acceptable.", "Cordialement.",
                  "Merci de traiter ma demande en priorité.", "{fullname}"],
    },
    "pre": ["J'espère que vous allez bien.", "J'utilise {product} depuis {year} et j'en suis plutôt content.",
            "Désolé si la question est bête.", "L'informatique et moi, ça fait deux, merci de votre patience.",
            "Petite question rapide.", "J'ai cherché dans le centre d'aide mais je n'ai rien trouvé.",
            "Un collègue m'a dit que vous pourriez m'aider."],
    "post": ["Merci beaucoup pour votre aide !", "Rien d'urgent.", "Bonne fin de journée !",
             "Vous pouvez aussi m'appeler si c'est plus simple.", "Merci pour votre temps."],
    "angry_pre": ["Ça ne devrait pas être aussi compliqué.", "C'est la deuxième fois que je pose la question.",
                  "Je commence à perdre patience.", "Votre centre d'aide ne m'aide pas du tout.",
                  "Ça fait 20 minutes que j'attends sur le chat."],
    "mid_ctx": ["Nous sommes une équipe de {seats} personnes et utilisons {product} depuis environ {n} mois.",
                "Je gère le compte {product} chez {company}.",
                "Ce n'est pas vraiment un bug, je cherche surtout à comprendre le fonctionnement.",
                "Une question sur le comportement de {product}."],
    "r_open": [
        "On bloque là-dessus depuis {?deux jours|le début de la semaine|{weekday}} et on n'a plus d'idées.",
        "Désolé pour la longueur du message, je préfère tout vous donner d'un coup.",
    ],
    "r_open_biz": [
        "Je vous écris au nom de notre équipe technique.",
        "C'est un problème de production chez nous.",
    ],
    "r_close": [
        "Je peux vous envoyer les logs complets ou faire un appel si besoin.",
        "Est-ce que vous pouvez remonter ça à l'équipe technique ?",
        "Toute piste est la bienvenue, même juste pour confirmer que c'est un problème connu.",
    ],
    "r_close_biz": [
        "Ça bloque notre {?clôture mensuelle|mise en production de {weekday}}, donc une réponse rapide serait top.",
        "Je peux fournir d'autres request IDs si nécessaire.",
    ],
}

CONTENT["fr"] = {
    "small": [
        ("any", "Comment je réinitialise mon mot de passe ? Je ne m'en souviens plus et je ne peux plus me connecter."),
        ("any", "Je voudrais changer l'adresse e-mail de mon compte {product}, la nouvelle est {email}. Où est-ce que je fais ça ?"),
        ("any", "Ma carte bancaire a expiré. Où est-ce que je peux mettre la nouvelle pour que le prochain prélèvement passe ?"),
        ("saas", "Où puis-je télécharger la facture de {month} ? J'en ai besoin pour {?ma comptable|ma note de frais|la déclaration}."),
        ("saas", "Comment résilier mon abonnement ? Je ne trouve le bouton nulle part."),
        ("saas", "Nous voudrions passer de l'offre {plan} à l'offre {plan2}. On peut le faire nous-mêmes ?"),
        ("store", "J'ai renvoyé la commande {order} le {date}. Quand est-ce que je serai remboursé ?"),
        ("any", "Quels sont vos horaires d'ouverture du service client ? Vous répondez le samedi ?"),
        ("saas", "Comment ajouter un nouvel utilisateur à notre compte d'équipe ?"),
        ("bank", "Comment faire opposition à ma carte depuis l'application ? Je crois que je l'ai perdue."),
        ("bank", "Où est-ce que je peux télécharger mon RIB dans l'appli {product} ?"),
        ("store", "Est-ce que je peux encore modifier l'adresse de livraison de la commande {order} ? Elle n'est pas encore partie."),
        ("vpn", "Sur combien d'appareils je peux utiliser {product} avec un seul abonnement ?"),
        ("any", "Comment activer la double authentification ?"),
        ("any", "Où désactiver les notifications par e-mail ? J'en reçois {?beaucoup trop|une trentaine par jour}."),
        ("saas", "Est-il possible de payer à l'année plutôt qu'au mois ? C'est moins cher ?"),
        ("game", "J'ai changé de téléphone. Comment je récupère ma progression sur {product} ?"),
        ("saas", "Où est-ce que j'indique notre numéro de TVA intracommunautaire pour qu'il apparaisse sur les factures ?"),
        ("store", "Vous livrez en Belgique ? Et quels sont les délais ?"),
        ("any", "Merci de supprimer mon compte ainsi que toutes mes données."),
        ("saas", "J'ai été débité deux fois de {amount} ce mois-ci. Pouvez-vous rembourser un des deux prélèvements ?"),
        ("bank", "Quel est le plafond de paiement de ma carte et comment l'augmenter temporairement ?"),
        ("store", "Est-ce qu'on peut cumuler deux codes promo sur une même commande ?"),
    ],
    "mid": [
        ("sync", "Quand je modifie un fichier hors ligne sur mon portable et qu'un collègue modifie le même fichier sur le web, {product} crée une « copie en conflit ». Pourquoi les modifications ne sont pas fusionnées ? Et peut-on régler {product} pour qu'une des deux versions gagne toujours ?"),
        ("saas", "Notre rapport mensuel affiche {n2} tâches terminées en {month}, mais l'export CSV avec le même filtre contient nettement moins de lignes. Les tâches archivées sont-elles comptées dans le rapport mais pas dans l'export ? Quel chiffre faut-il croire ?"),
        ("saas", "L'offre {plan} permet-elle le SSO avec {idp}, ou faut-il passer à {plan2} ? Nous sommes {seats} et seul le SSO nous intéresse."),
        ("bank", "J'ai programmé un virement permanent le 31. Les mois de 30 jours, il part le 1er du mois suivant au lieu du 30. C'est normal ? Du coup mon loyer arrive en retard."),
        ("crm", "Nous avons importé {n2} contacts et le dédoublonnage a fusionné des personnes qui partagent une adresse générique du type contact@. Sur quels critères {product} détecte-t-il un doublon ? Peut-on le faire porter sur e-mail + société ?"),
        ("any", "D'après votre documentation, la limite de l'API est de {n2} requêtes par minute. C'est par clé API ou par espace de travail ? Nous avons deux intégrations avec des clés différentes et elles ont l'air de se freiner mutuellement."),
        ("sync", "Si je partage un dossier avec un client via un lien public et que je déplace ensuite ce dossier dans un autre, le lien fonctionne toujours ? Les droits du lien sont-ils hérités du nouveau dossier parent ?"),
        ("saas", "Quand je filtre le tableau de bord sur « 30 derniers jours », je n'obtiens pas les mêmes chiffres qu'en choisissant les dates à la main. Est-ce que « 30 derniers jours » inclut aujourd'hui ? C'est glissant ?"),
        ("store", "Nous voulons commander pour le bureau avec paiement à 30 jours sur facture. C'est possible avec un compte pro ? Et plusieurs collègues peuvent-ils commander sur le même compte avec un budget commun ?"),
        ("game", "La récompense de connexion quotidienne se réinitialise à minuit heure locale ou heure du serveur ? Je perds ma série alors que je me connecte tous les soirs depuis {city}."),
        ("db", "Nous envisageons de passer de l'offre {plan} à {plan2}. Est-ce qu'un réplica en lecture aiderait pour les requêtes de reporting qui ralentissent l'application, ou vaut-il mieux lancer les rapports la nuit ? Notre charge en journée, c'est surtout de la lecture."),
        ("vpn", "Pourquoi ma connexion est-elle beaucoup plus lente sur les serveurs de Paris que sur d'autres, alors que ce sont les plus proches ? Le protocole (WireGuard ou OpenVPN) joue-t-il un rôle ?"),
        ("saas", "Depuis la mise à jour {ver}, les exports vers notre logiciel de comptabilité arrondissent la TVA ligne par ligne et non plus sur le total, donc on a des écarts de quelques centimes. C'est un changement voulu ? Y a-t-il un paramètre pour revenir à l'ancien calcul ?"),
        ("bank", "Avec mon compte joint, si je fixe un plafond sur ma carte dans l'application, est-ce que ça limite aussi la carte de mon conjoint ? Et les notifications arrivent chez nous deux ?"),
        ("mail", "Si un contact se désinscrit d'une de nos listes dans {product}, est-il retiré de toutes les listes ou seulement de celle-là ? Et les scénarios automatiques dans lesquels il est déjà continuent-ils de lui envoyer des e-mails ?"),
    ],
    "reasoning": [
        ("saas", """Les gros exports de {product} Data Center font planter le worker d'export avec un OutOfMemoryError. Les petits exports passent sans problème.

{art_java_oom}

Serveur : Java {java_ver}, -Xmx{xmx}, 16 Go de RAM sur la VM. L'export fait {bigrows} lignes avec les métadonnées des pièces jointes.

Ce qu'on a déjà fait :
1. Augmenté -Xmx petit à petit jusqu'à {xmx} : l'export va juste un peu plus loin avant de planter
2. Forcé G1GC et activé les heap dumps : le dump est à 90 % des StringBuilder/char[] venant de CsvWriter
3. Essayé de découper l'export par période dans l'interface, mais on ne peut lancer qu'un export à la fois et chacun prend des heures

On dirait que le CsvWriter construit tout le fichier en mémoire avant de l'écrire. Existe-t-il un mode d'export en streaming ou un endpoint d'API paginé ? Est-ce corrigé dans une version plus récente que la {ver_new} ?"""),
        ("saas", """Le SSO avec {idp} ne fonctionne plus pour une partie de nos utilisateurs depuis la migration vers un nouveau tenant le {date}. À peu près la moitié arrive à se connecter, les autres tombent sur une page d'erreur.

Extrait de votre journal d'audit :
{art_saml_log}

Ce qu'on a fait :
1. Rechargé les nouvelles métadonnées de l'IdP dans l'admin {product} → une partie des utilisateurs remarche
2. Resynchronisé l'horloge du proxy ADFS → l'avertissement de décalage a disparu un jour puis il est revenu
3. Comparé les comptes qui marchent et ceux qui ne marchent pas : tous ceux en échec ont un favori vers l'ancienne URL de connexion et passent par une connexion initiée par l'IdP

Le problème d'Audience peut-il venir de l'entity ID spécifique au tenant ? On n'a jamais touché à ce paramètre, mais la migration l'a peut-être changé. Et comment accepter à la fois la connexion initiée par l'IdP et par le SP sans avoir l'erreur InResponseTo ?"""),
        ("saas", """{product} auto-hébergé avec docker compose. Depuis le passage de l'ancien docker-compose v1 au plugin compose et la mise à jour en {ver_new}, les tâches de fond ne tournent plus.

Logs :
{art_node_redis}

docker-compose.yml :
{art_compose}

.env :
{art_dotenv}

J'ai tout redémarré, supprimé les conteneurs, vérifié que redis tourne (docker compose ps l'indique healthy). Depuis le conteneur de l'appli, `nc -z redis 6379` répond, mais l'appli essaie toujours 127.0.0.1. Est-ce que la {ver_new} ignore désormais REDIS_URL au profit d'une nouvelle variable ? Les notes de version ne parlent que du changement de clé de licence. Et les tâches qui étaient en file avant la mise à jour, elles sont perdues ?"""),
        ("saas", """Nos appels API depuis le serveur de prod reçoivent un 403, alors que la même requête depuis mon poste passe.

{art_curl_403}

Même clé API, même requête. Ce qu'on a testé :
- régénéré une clé API → pareil
- vérifié la liste d'IP autorisées dans l'admin : l'IP sortante du serveur ({ip2}) y est bien
- le serveur sort par une passerelle NAT en {region}, j'ai vérifié avec curl ifconfig.me que l'IP publique est bien {ip2}
- depuis un autre serveur du même VPC, ça échoue aussi

« Request blocked by network policy » n'apparaît nulle part dans votre doc. Y a-t-il un deuxième niveau de filtrage (WAF, blocage géographique) devant l'API qui ne tient pas compte de la liste d'IP ? Le request ID ci-dessus vous permet-il de voir pourquoi la requête a été bloquée ?"""),
        ("crm", """J'essaie d'importer dans {product} un export de contacts de notre ancien outil avec le script Python de votre documentation, et il plante presque tout de suite :

{art_py_unicode}

Le fichier sort d'Excel sous Windows. J'ai déjà essayé :
- encoding="utf-8-sig" → même erreur au même octet
- encoding="latin-1" → l'import passe, mais « Hélène » et « François » deviennent « HÃ©lÃ¨ne » et « FranÃ§ois » dans {product}
- réenregistrer depuis Excel en « CSV UTF-8 » → le séparateur devient le point-virgule et tout atterrit dans une seule colonne

On a {n2} contacts avec des accents partout, impossible de corriger à la main. Quel encodage attend votre API d'import ? Et l'import CSV de l'interface web détecte-t-il le séparateur tout seul ? Vaut-il mieux passer par l'interface plutôt que par l'API ?"""),
        ("saas", """Nous avons désactivé une utilisatrice dans {idp} (elle a quitté l'entreprise). Le SCIM montre bien la désactivation côté {product}, mais elle a quand même eu accès après :

{art_scim_log}

La session web semble bien coupée, mais le jeton API et la session de l'appli mobile ont continué à fonctionner. On l'a découvert lors d'un audit de sécurité et on doit comprendre le comportement exact :
1. La désactivation via SCIM révoque-t-elle les jetons API personnels ?
2. Combien de temps un refresh token mobile reste-t-il valide après désactivation ?
3. Existe-t-il un paramètre admin pour révoquer toutes les sessions immédiatement, et peut-on le déclencher via le PATCH SCIM ?

On a aussi essayé après coup le bouton « Déconnecter partout » sur son profil, mais il est grisé pour les comptes désactivés."""),
        ("bank", """Les paiements sur un site marchand précis échouent systématiquement avec ma carte {product}, et le marchand dit que ça vient de chez vous. Ça fait trois soirs que j'y passe.

Leur support m'a envoyé ceci depuis leur journal de paiement :
{art_payment_log}

Sur mon téléphone : je reçois bien la notification pour valider dans l'appli {product}, je tape dessus, l'appli s'ouvre sur l'accueil et il n'y a rien à valider. Si j'ouvre l'appli d'abord et que je paie ensuite, aucune notification n'arrive. Avec une carte d'une autre banque, le même site fonctionne. D'autres sites fonctionnent avec ma carte {product}, mais ils ne demandent peut-être pas de validation.

J'ai déjà mis à jour l'appli en {app_ver}, réactivé les notifications, je me suis déconnecté/reconnecté et j'ai réenregistré l'appareil comme appareil de confiance (ce qui a pris une journée). Rien n'a changé.

Y a-t-il un problème avec la validation 3-D Secure pour certains marchands ? Est-ce lié au fait que le site soit enregistré dans un autre pays ? Et puis-je basculer sur une validation par SMS ?"""),
        ("saas", """Les mises à jour en temps réel ne marchent plus pour personne sur notre {product} auto-hébergé depuis qu'on l'a mis derrière notre nouveau reverse proxy. Les pages ne se rafraîchissent plus que toutes les 30 secondes.

Console du navigateur :
{art_ws_console}

Notre bloc location nginx :
{art_nginx_ws}

Je pense qu'il manque les en-têtes Upgrade/Connection, mais quand je les ajoute tout le site renvoie 400, même pour les requêtes normales, parce qu'on utilise la même map partout. J'ai aussi essayé d'envoyer /realtime vers un upstream séparé : même 400. Le websocket utilise-t-il un autre chemin que /realtime (/socket, /cable…) ? Et l'appli vérifie-t-elle l'en-tête Origin par rapport à APP_URL ? Notre nom public est différent du nom interne."""),
        ("db", """Terraform apply sur {product} échoue à mi-parcours et maintenant notre state n'est plus synchronisé.

{art_terraform}

Contexte : dans le même apply, on a changé la taille de l'instance et ajouté un réplica en lecture. La console affiche « maintenance en cours » pendant environ {minutes} minutes puis plus rien, et la taille est toujours l'ancienne.

Essayé :
- terraform refresh puis apply → même 409
- appliquer seulement le changement de taille avec -target → 409
- attendre une nuit → la console n'affiche plus de maintenance, mais l'apply renvoie toujours 409

Y a-t-il une opération bloquée sur l'instance qu'on ne voit pas ? Comment la débloquer ? Et est-ce qu'on peut faire le resize et l'ajout du réplica dans le même apply, ou faut-il toujours les séparer ?"""),
        ("saas", """Notre script d'export Python ne peut plus joindre l'API depuis ce matin :

{art_py_ssl}

Il tourne sur une VM Debian derrière le proxy de l'entreprise. Depuis un poste Windows sur le même réseau, le navigateur affiche bien la page de l'API sans erreur de certificat.

Étapes déjà faites :
1. pip install --upgrade certifi → pas de changement
2. export REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt après avoir ajouté le certificat racine du proxy avec update-ca-certificates → l'erreur change : « certificate verify failed: self-signed certificate in certificate chain »
3. verify=False pour tester → ça marche, mais évidemment on ne peut pas garder ça

Avez-vous changé d'autorité de certification ou de chaîne intermédiaire récemment ? Notre équipe réseau veut savoir si le proxy doit laisser passer {api_host} sans inspection TLS."""),
        ("store", """Nous vendons sur {product} et depuis le {date}, certaines commandes payées n'apparaissent pas dans notre back-office, ou seulement plusieurs heures après.

Dans l'ordre, voilà ce qu'on constate :
1. Le client paie, le prestataire de paiement indique la transaction comme capturée et envoie l'e-mail de confirmation.
2. La commande n'apparaît pas dans la liste. Parfois elle arrive {hours} heures plus tard, parfois jamais.
3. Comme la commande n'existe pas, le stock n'est pas décrémenté : on a survendu le même article {n} fois cette semaine.
4. Notre logiciel d'entrepôt récupère les commandes via votre API toutes les 10 minutes, donc ces commandes ne sont jamais expédiées non plus.

Ce qu'on a vérifié : le journal des webhooks du prestataire de paiement indique des réponses 200 de votre côté. On n'a pas modifié le thème. On a désactivé les deux applis installées récemment (avis clients et convertisseur de devises) : aucune différence. Ça semble arriver plus souvent avec les paiements par portefeuille (Apple Pay, Google Pay) qu'avec les cartes, mais je n'en suis pas certain.

Y a-t-il une file d'attente chez vous entre la confirmation de paiement et la création de la commande qui pourrait être engorgée ? Pouvez-vous vérifier les commandes manquantes des 7 derniers jours ? Et comment rapprocher les paiements qui ne sont jamais devenus des commandes, il existe un export pour ça ?"""),
        ("saas", """Depuis la mise à jour de {sdk} en {ver_new}, chaque appel à list_invoices() plante :

{art_py_attr}

Aucun souci en {ver_old}. Le format de pagination a changé ? On ne touche pas à `meta` nous-mêmes, c'est dans votre client."""),
        ("saas", """POST /v2/exports renvoie une 503 pour environ une requête sur cinq depuis le {date}, toujours au bout de 30 secondes pile. Request ID d'un des échecs : {reqid}. Un retry avec backoff passe en général au 2e essai, mais pas toujours. Incident en cours, ou timeout de 30 s sur votre passerelle ?"""),
    ],
}

CONTENT["fr"]["mid"] += [
    ("bank", "Si je bloque temporairement ma carte dans l'appli, est-ce que les prélèvements et les virements programmés partent quand même ? Je l'ai bloquée pendant un voyage et j'ai peur que mon loyer ne soit pas payé."),
    ("store", "J'ai commandé deux articles et l'un d'eux n'est disponible que dans trois semaines. Est-ce que la commande sera expédiée en deux fois, et est-ce que je paie deux fois les frais de port ? Rien n'était indiqué au moment du paiement."),
    ("sync", "Que devient l'historique des versions quand on renomme un fichier ? On dirait qu'il repart de zéro sous le nouveau nom, alors qu'on a besoin des anciennes versions pour un audit."),
    ("saas", "Est-ce qu'archiver un projet arrête ses automatisations et ses tâches récurrentes ? On a archivé plusieurs projets clients terminés et certains collègues reçoivent encore des rappels."),
    ("crm", "Que deviennent les contacts et les tâches ouvertes d'un commercial quand on désactive son compte ? Il reste propriétaire ou c'est réattribué ? On doit bientôt supprimer {n} utilisateurs."),
    ("game", "Si j'achète le passe de saison en cours de saison, est-ce que je récupère les récompenses des paliers déjà atteints, ou seulement à partir de maintenant ?"),
    ("db", "Est-ce que le redimensionnement de notre instance {product} entraîne une coupure ? La doc parle d'« interruption minimale », mais concrètement, qu'est-ce qui arrive aux connexions ouvertes et aux transactions en cours ?"),
    ("vpn", "Est-ce que {product} tient quand mon portable passe du Wi-Fi à l'Ethernet, ou est-ce que le tunnel tombe ? Au bureau je branche et débranche souvent la station d'accueil, et j'ai l'impression qu'il se reconnecte à chaque fois sur un autre serveur."),
]

CONTENT["fr"]["reasoning"] += [
    ("saas", """{?Le job du connecteur {product} vers Oracle échoue à chaque exécution depuis le {date}.|Depuis le {date}, chaque passage du connecteur Oracle de {product} se termine par cette erreur :}

{art_java_ora}

Configuration (mots de passe retirés) :
{art_connector_yaml}

Le plus étrange : la table existe bel et bien. Connecté en ETL_READER dans SQL Developer, je peux faire SELECT * FROM {schema}.INVOICE_LINES sans problème. INVOICES et CUSTOMERS se synchronisent normalement, seule INVOICE_LINES échoue.

Ce que j'ai vérifié :
- les droits : ETL_READER a bien SELECT sur les trois tables (d'après ALL_TAB_PRIVS)
- le {date}, INVOICE_LINES a été recréée par un script de migration, le grant a peut-être été donné via un rôle et non plus directement à l'utilisateur
- redémarrage du connecteur et remise à zéro de son état : même erreur

Le connecteur a-t-il besoin d'un grant direct, ou les rôles suffisent-ils ? Et met-il en cache des métadonnées de tables qu'il faudrait réinitialiser après la recréation d'une table ?"""),
    ("saas", """Depuis qu'on a passé notre service de relais de webhooks de Node 16 à {node_ver}, environ {pct} % des appels à l'API {product} échouent avec ECONNRESET. Rien d'autre n'a changé que la version de Node et l'image Docker de base.

{art_node_reset}

Ça n'arrive que quand le service est resté inactif quelques secondes : la première requête après une pause d'environ 5 s échoue, la suivante passe. J'ai déjà essayé :
- keepAlive: true sur le https.Agent (pire)
- keepAlive: false (ça corrige, mais +150 ms de latence par appel)
- des retries avec backoff exponentiel (ça marche, mais ça masque le problème et on a parfois des événements en double)

Votre load balancer ferme-t-il les connexions keep-alive inactives après un certain délai ? Si oui, lequel, pour qu'on règle notre freeSocketTimeout en dessous ? Et les POST /v2/events sont-ils idempotents si on les rejoue ?"""),
    ("saas", """Impossible de valider la signature de vos webhooks, ça échoue à chaque fois alors que le secret est bon (copié deux fois depuis le tableau de bord).

Mon handler :
{art_flask_hmac}

Sortie du log :
{art_hmac_log}

L'en-tête commence par « sha256= », mais même en retirant ce préfixe ça ne correspond pas. J'ai aussi essayé :
- le secret décodé en hexadécimal au lieu de la chaîne brute
- SHA-1 au cas où la doc serait obsolète
- une rotation du secret puis un événement de test

Faut-il calculer le HMAC sur le corps brut de la requête plutôt que sur le JSON parsé ? Si oui, est-ce que get_json() de Flask modifie les octets (ordre des clés, espaces, échappement unicode) ? Y a-t-il une implémentation de référence en Python quelque part ?"""),
    ("game", """{product} plante à chaque fois que j'ouvre l'inventaire depuis la mise à jour {app_ver}. Avant, aucun souci.

Appareil : {phone}, {android}

Je l'ai branché sur mon PC et j'ai récupéré ça dans logcat :
{art_android_npe}

Étapes pour reproduire :
1. Lancer le jeu et se connecter
2. Toucher l'icône du sac (inventaire)
3. Descendre tout en bas de la liste
4. Retour brutal à l'écran d'accueil

J'ai déjà vidé le cache, réinstallé, je me suis déconnecté et reconnecté. Une amie a le même téléphone et ça ne plante pas chez elle, mais elle a moins d'objets. Moi j'ai plein d'objets de l'événement de la saison dernière, l'un d'eux est peut-être corrompu ? Je ne veux pas les perdre, donc s'il vous plaît ne réinitialisez pas mon inventaire."""),
    ("vpn", """{product} se déconnecte environ toutes les 30 minutes sur mon MacBook ({os}) et ne se reconnecte pas tout seul, alors que la reconnexion automatique est activée. Je dois cliquer sur « Connecter » à la main. Ça a commencé il y a deux semaines environ ; avant, c'était parfaitement stable depuis un an.

Ce que j'ai déjà écarté ou essayé : je suis passé de WireGuard à OpenVPN UDP puis TCP, les coupures continuent (plutôt toutes les heures en TCP). J'ai testé sur mon Wi-Fi et sur le partage de connexion du téléphone, même chose, donc ce n'est pas la box. J'ai désactivé les options d'économie d'énergie du Wi-Fi parce que j'ai lu que macOS met la carte réseau en veille ; aucun changement. J'ai supprimé l'extension réseau dans les réglages système et laissé l'appli la réinstaller. Et, plus inquiétant, après une coupure j'ai vérifié les fuites DNS : le trafic sort hors du tunnel pendant quelques secondes avant que le kill switch ne se déclenche.

Deux questions surtout : qu'est-ce qui peut faire tomber le tunnel à intervalle à peu près fixe (rotation des clés ? timeout de session côté serveur ?), et pourquoi la reconnexion automatique ne fonctionne pas ? Et cette petite fuite avant le kill switch, c'est normal ? C'est ce point qui m'inquiète le plus."""),
    ("saas", """Notre conteneur ne démarre plus depuis la mise à jour en {ver_new} :

{art_py_env}

La variable EST bien définie dans notre secret Kubernetes, et `kubectl exec ... env` l'affiche. Le module de configuration a-t-il changé sa façon de lire les variables d'environnement (préfixe, secrets sous forme de fichiers) ? Tout marchait en {ver_old}."""),
]

CONTENT["fr"]["reasoning"] += [
    ("db", """`SSL SYSCALL error: EOF detected` toutes les {minutes} minutes environ entre nos serveurs applicatifs en {region} et {product}. Les keepalives TCP sont configurés (idle 60 s). Ça a commencé après votre maintenance du {date}. Les timeouts d'inactivité ont-ils changé ?"""),
    ("saas", """`panic: runtime error: invalid memory address or nil pointer dereference` au démarrage de {pkg}-agent {ver_new} (goroutine 1, config.go:{ln1}). La {ver_old} démarre très bien avec le même values.yaml. Régression ? On n'utilise pas le nouveau bloc « proxy », j'ai aussi essayé de le mettre vide : même panic."""),
    ("any", """L'API bulk répond `413 Request Entity Too Large` pour des lots de {n2} enregistrements, alors que la doc annonce 10 000 par requête. Le payload fait environ 9 Mo compressé. La limite porte-t-elle sur le nombre d'enregistrements ou sur la taille ? Et c'est la taille compressée qui compte ?"""),
]
CONTENT["fr"]["mid"] += [
    ("saas", "Nous évaluons {product} pour remplacer notre circuit de validation client. Le besoin : un graphiste dépose un fichier, le client reçoit un lien, valide ou demande des modifications, et la validation est enregistrée avec l'horodatage. Je vois la fonction de relecture dans l'offre {plan2} et l'accès invité dans l'offre {plan}. Un invité peut-il valider des fichiers avec {plan}, ou faut-il la relecture ? Et l'historique des validations est-il exportable pour notre audit ISO, ou seulement visible dans l'interface ?"),
]


# --------------------------------------------------------------------------
# Portuguese (mostly Brazilian)
# --------------------------------------------------------------------------
POOLS["pt"] = {
    "small_ctx_biz": ["Tenho uma pequena {?padaria|clínica de fisioterapia|agência de design|loja de material de construção} e uso o {product} para {?as cobranças|os agendamentos|as tarefas da equipe}.",
                      "Quem criou a conta foi meu antigo gestor, que já saiu da empresa.",
                      "Cuido da parte administrativa na {company}, então essas coisas caem comigo.",
                      "Somos só {n} usuários, nada complicado."],
    "small_ctx": ["Estou viajando e escrevendo pelo celular.",
                  "Voltei de {?licença|férias} agora e o app mudou bastante.",
                  "Normalmente meu {?filho|neto} me ajuda com isso, mas ele está fora esta semana.",
                  "Sou cliente há anos e nunca precisei fazer isso."],
    "greet": {
        "polite": ["Olá,", "Bom dia,", "Boa tarde,", "Prezados,", "Olá, equipe {product},", "Oi, tudo bem?",
                   "Boa noite,", "Prezada equipe de suporte,"],
        "casual": ["Oi!", "E aí,", "Olá pessoal,", "Oi gente,"],
        "angry": ["", "Bom dia.", "A quem possa interessar,"],
    },
    "sign": {
        "polite": ["Obrigado,\n{first}", "Atenciosamente,\n{fullname}", "Abraços,\n{first}", "Desde já agradeço.",
                   "Att,\n{fullname}\n{company}", "Fico no aguardo.\n{fullname}", "Obrigada pela ajuda!\n{first}",
                   "Grato,\n{fullname}"],
        "casual": ["valeu!", "obg", "abs", "valeu, {first}"],
        "angry": ["Aguardo retorno urgente.", "Isso é inaceitável.", "Att.", "Quero uma solução hoje.", "{fullname}"],
    },
    "pre": ["Espero que estejam bem.", "Uso o {product} desde {year} e gosto muito.",
            "Desculpem se for uma pergunta boba.", "Não entendo muito de tecnologia, então tenham paciência comigo.",
            "Pergunta rápida.", "Procurei na central de ajuda mas não achei.",
            "Um colega disse que vocês poderiam me ajudar."],
    "post": ["Muito obrigado pela ajuda!", "Sem pressa.", "Tenham um ótimo dia!", "Se for mais fácil, podem me ligar.",
             "Obrigado pela atenção."],
    "angry_pre": ["Não é possível que seja tão difícil.", "É a segunda vez que pergunto isso.", "Já estou perdendo a paciência.",
                  "A central de ajuda de vocês não serve pra nada nesse caso.", "Estou há 30 minutos esperando no chat."],
    "mid_ctx": ["Somos uma equipe de {seats} pessoas e usamos o {product} há uns {n} meses.",
                "Sou responsável pela conta do {product} na {company}.",
                "Não é bem um bug, só quero entender o funcionamento.",
                "Tenho uma dúvida sobre como o {product} se comporta."],
    "r_open": [
        "Estamos há {?dois dias|a semana toda|desde {weekday}} tentando resolver isso e já não sabemos o que fazer.",
        "Desculpem o texto longo, prefiro mandar todas as informações de uma vez.",
    ],
    "r_open_biz": [
        "Escrevo em nome do nosso time de desenvolvimento.",
        "Isso está afetando nosso ambiente de produção.",
    ],
    "r_close": [
        "Posso mandar os logs completos ou marcar uma call, se ajudar.",
        "Vocês conseguem escalar isso para o time técnico?",
        "Qualquer pista ajuda, nem que seja confirmar se é um problema conhecido.",
    ],
    "r_close_biz": [
        "Isso está travando nosso {?fechamento do mês|go-live de {weekday}}, então uma resposta rápida ajudaria muito.",
        "Posso enviar mais request IDs se precisarem.",
    ],
}

CONTENT["pt"] = {
    "small": [
        ("any", "Como faço para redefinir minha senha? Esqueci e não consigo entrar."),
        ("any", "Quero trocar o e-mail da minha conta no {product} para {email}. Onde faço isso?"),
        ("any", "Meu cartão venceu. Onde atualizo os dados de pagamento para a próxima cobrança não falhar?"),
        ("saas", "Onde consigo baixar a nota fiscal de {month}? Preciso mandar para {?o contador|o financeiro|a empresa}."),
        ("saas", "Como cancelo minha assinatura? Não acho o botão de cancelar."),
        ("saas", "Queremos mudar do plano {plan} para o {plan2}. Dá para fazer sozinho ou vocês precisam alterar?"),
        ("store", "Devolvi o pedido {order} no dia {date}. Quando o estorno cai no cartão?"),
        ("any", "Qual o horário de atendimento de vocês? Funciona aos sábados?"),
        ("saas", "Como adiciono um novo usuário na conta da nossa equipe?"),
        ("bank", "Como altero a senha do cartão pelo app do {product}?"),
        ("bank", "Perdi meu cartão. Como faço para bloquear pelo aplicativo?"),
        ("store", "Ainda dá para mudar o endereço de entrega do pedido {order}? Ele ainda não foi enviado."),
        ("vpn", "Em quantos aparelhos posso usar o {product} com uma assinatura só?"),
        ("any", "Como ativo a verificação em duas etapas?"),
        ("any", "Onde desligo as notificações por e-mail? Estou recebendo {?demais|umas 30 por dia}."),
        ("saas", "Tem como pagar anual em vez de mensal? Sai mais barato?"),
        ("game", "Troquei de celular. Como passo meu progresso do {product} para o novo?"),
        ("saas", "Onde coloco o CNPJ da empresa para sair nas notas fiscais?"),
        ("store", "Vocês fazem entrega {country}? Quanto tempo demora?"),
        ("any", "Por favor, excluam minha conta e todos os meus dados."),
        ("bank", "Como cadastro uma chave Pix no app?"),
        ("saas", "Fui cobrado duas vezes este mês, {amount} cada. Podem estornar uma das cobranças?"),
        ("store", "Qual o prazo para troca? Comprei um tênis no dia {date} e não serviu."),
    ],
    "mid": [
        ("sync", "Quando edito um arquivo offline no notebook e um colega edita o mesmo arquivo pela web, o {product} cria uma \"cópia em conflito\". Por que ele não junta as alterações? Dá para configurar para que uma das versões sempre prevaleça?"),
        ("saas", "O relatório mensal mostra {n2} tarefas concluídas em {month}, mas o export em CSV com o mesmo filtro vem com bem menos linhas. As tarefas arquivadas entram no relatório e não no export? Em qual número devo confiar?"),
        ("crm", "Temos dois funis no {product}, um para novos clientes e outro para renovações. Se eu movo um negócio de um para o outro, o histórico de atividades vai junto? E ele continua contando na taxa de conversão do primeiro funil? Nossa taxa subiu muito no mês passado e não entendemos o motivo."),
        ("saas", "O plano {plan} tem SSO com {idp} ou precisamos do {plan2}? Somos {seats} pessoas e só precisamos do SSO, não dos outros recursos enterprise."),
        ("bank", "Agendei uma transferência recorrente para o dia 31. Nos meses de 30 dias ela saiu no dia 1º do mês seguinte, e não no dia 30. É assim mesmo? Atrapalha o pagamento do meu aluguel."),
        ("vpn", "Ativei o split tunneling no {product} para só o navegador passar pela VPN, mas o app do banco continua saindo pelo túnel. No {os} funciona por aplicativo ou só por faixa de IP? O kill switch passa por cima disso?"),
        ("game", "Jogo {product} no tablet e no celular com a mesma conta. Quando sincroniza, qual progresso vale? Perdi uns dois dias de progresso no tablet depois de jogar no celular."),
        ("any", "A documentação da API diz que o limite é de {n2} requisições por minuto. É por chave de API ou por workspace? Temos duas integrações com chaves diferentes e parece que uma atrapalha a outra."),
        ("crm", "Importamos {n2} contatos e a deduplicação juntou pessoas que usam um e-mail genérico, tipo contato@. Como o {product} decide o que é duplicado? Dá para mudar para e-mail + empresa?"),
        ("saas", "Estamos no plano {plan} com {seats} licenças. Se eu desativar um usuário no meio do mês, a licença é creditada proporcionalmente ou só na renovação? E posso passar essa licença para outra pessoa na hora, sem cobrança nova?"),
        ("bank", "Quando exporto o extrato em CSV, os lançamentos futuros não aparecem, mas no app aparecem. Depois eles entram no CSV com uma data diferente da que o app mostrava. Qual data o export usa, a do lançamento ou a da compensação?"),
        ("db", "O armazenamento do nosso banco no {product} só cresce, mesmo apagando linhas antigas toda noite. Apagar libera espaço de verdade ou precisa rodar algum vacuum antes? A fatura foi de {amount} para {amount2}."),
        ("saas", "Desde a versão {ver}, a integração com o nosso ERP passou a mandar os pedidos sem o código do vendedor. Foi uma mudança proposital? Tem algum mapeamento novo que precisamos configurar?"),
        ("store", "Comprei um produto na promoção e uma semana depois o preço caiu de novo. Vocês cobrem a diferença? E vale mesmo se parte do pagamento foi com vale-presente?"),
        ("mail", "Se um contato se descadastra de uma das nossas listas no {product}, ele sai de todas ou só daquela? E as automações em que ele já está continuam enviando?"),
    ],
    "reasoning": [
        ("saas", """Depois de atualizar o {sdk} da {ver_old} para a {ver_new}, nossa sincronização de faturas quebra:

{art_node_typeerror}

O código que chama não mudou:
{art_node_invoice_code}

Parece que algumas faturas não trazem mais o objeto customer. Loguei a resposta crua e essas faturas vêm com "customer": null e um campo novo "customer_id". O changelog da {ver_new} só fala em "melhorias de performance nos endpoints de listagem".

Perguntas:
1. O objeto customer agora só vem se passar expand[]=customer?
2. Essa mudança também vale para a API REST ou só para o SDK?
3. Tem outros campos que mudaram do mesmo jeito? Não queremos descobrir um crash de cada vez.

Por enquanto voltamos para a {ver_old}, mas precisamos de uma correção da versão nova para outro bug."""),
        ("vpn", """O {product} conecta normal em casa, mas na rede do escritório não vai de jeito nenhum.

Log do cliente no escritório:
{art_wg_log}

O que já tentei:
- trocar o protocolo manualmente para OpenVPN UDP e TCP: os dois dão timeout
- outros servidores ({vpnnode} e mais dois): mesma coisa
- baixar o MTU para 1280 nas configurações avançadas
- rotear pelo 4G do celular estando no escritório: conecta na hora

O pessoal de TI diz que não bloqueia VPN, mas eles têm um firewall com "controle de aplicações". Quais portas e domínios o cliente precisa além de 51820/UDP e 443/TCP? O app consulta alguma API antes de conectar (chaves, lista de servidores) que possa estar bloqueada? Quero passar uma lista exata para eles."""),
        ("game", """Já comprei gemas no {product} {n} vezes e em duas não recebi nada. Falei com o suporte dentro do jogo e recebi uma resposta pronta mandando reiniciar o jogo. Reiniciei várias vezes. Meu irmão, que é programador, me ajudou a pegar isso:

{art_mobile_log}

Pelo que entendi, o Google cobrou (tenho os recibos com os IDs do pedido), mas o servidor de vocês recusou entregar os itens porque acha que o recibo já foi usado. Naquele dia eu joguei em dois aparelhos, celular e tablet, com a mesma conta. A compra foi feita no tablet.

O que já tentei: reiniciar, "restaurar compras" nas configurações (diz que não há nada para restaurar), entrar primeiro pelo celular, limpar os dados do app no tablet (perdi minhas configurações locais).

Vocês conseguem ver se o recibo foi consumido pelo outro aparelho e as gemas foram parar em outro lugar? E se realmente se perderam, podem adicionar as {gems} gemas manualmente ou me reembolsar? Posso mandar os dois recibos."""),
        ("crm", """Nossa integração com o {product} perde a autorização a cada poucos dias. A chamada de refresh devolve:

{art_oauth_json}

Rodamos {n} instâncias do backend atrás de um load balancer, e cada uma faz refresh do token quando recebe 401. Desconfio que duas instâncias fazem refresh ao mesmo tempo e uma invalida o refresh token da outra, mas não sei como funciona a rotação de tokens de vocês.

Já tentamos:
1. Guardar os tokens no Redis em vez de em memória, para todas compartilharem → continua, talvez com menos frequência
2. Fazer refresh proativo 5 minutos antes de expirar via cron → funcionou uma semana, depois falhou num fim de semana
3. Reautorizar o app manualmente → funciona até a próxima falha

Os refresh tokens são de uso único? Existe um período de tolerância em que o antigo ainda vale depois da rotação? E dá para ver no log de auditoria qual cliente invalidou o token?"""),
        ("mail", """Desde {date} quase todas as nossas campanhas do {product} para endereços do Gmail estão voltando:

{art_bounce}

Registros DNS como estão hoje:
{art_dns_mail}

O que já verificamos:
- o SPF inclui o domínio de vocês
- DKIM: o assistente mandou criar um CNAME para {selector}._domainkey. Criamos, mas como dá para ver a consulta TXT volta vazia. Nosso provedor de DNS "achata" CNAMEs, pode ser isso?
- Mudamos o DMARC para p=reject há duas semanas por causa de um caso de spoofing. Antes disso tudo chegava.
- Teste para o Gmail: dkim=fail, spf=pass, mas o SPF passa para o domínio de bounce de vocês e não para o nosso, então não há alinhamento.

Como deixamos o SPF ou o DKIM alinhados com o nosso domínio? Precisamos de um return-path próprio? Não podemos afrouxar a política de DMARC de novo."""),
        ("sync", """O instalador do {product} para desktop falha em todos os notebooks gerenciados pelo Intune, mas funciona nas máquinas em que o usuário é administrador local.

Log do instalador:
{art_win_installer}

Já tentamos:
1. Executar o setup "como administrador" manualmente em uma máquina → funciona, mas não dá para fazer isso em {seats} notebooks
2. Distribuir o MSI direto em vez do bootstrapper, com ALLUSERS=1 → erro 1925
3. Colocar a pasta de instalação nas exclusões do Defender → nada mudou
4. Instalar por usuário (ALLUSERS=2, MSIINSTALLPERUSER=1) → instala, mas na próxima atualização automática volta o 0x80070005

Existe uma forma suportada de distribuir para a máquina toda via Intune? O atualizador precisa de admin toda vez? Dá para desativar e nós mesmos distribuirmos as atualizações?"""),
        ("saas", """O agente do {product} no nosso Kubernetes está em CrashLoopBackOff desde que atualizamos o Helm chart para a {ver_new}.

{art_k8s_pods}

Recursos do container:
{art_k8s_yaml}

Já dobramos o limite de memória uma vez e ele só demora mais para levar OOMKilled. No log aparece "loading full index ({n2} objects)" logo antes de morrer, toda vez. Na {ver_old} ele rodou meses com os mesmos limites.

1. A {ver_new} passou a carregar o índice inteiro na memória ao iniciar, em vez de paginar como antes?
2. Existe alguma variável de ambiente para forçar o modo incremental antigo?
3. Baixar o AGENT_CONCURRENCY ajuda, ou o consumo de memória não depende disso?"""),
        ("store", """A exportação noturna de pedidos do {product} para o SFTP da transportadora está falhando umas três noites a cada cinco desde o começo de {month}.

{art_sftp_log}

A exportação roda do lado de vocês (exportação agendada) e o destino é o SFTP da transportadora. Eles dizem que não mudaram nada, só "atualizaram o firewall".

Tentativas:
1. Disparar a exportação manualmente durante o dia → sempre funciona
2. Mudar o horário de 02:00 para 04:00 → falha menos, mas ainda falha
3. Pedir para a transportadora liberar os IPs de vocês → eles querem a lista completa, que eu não encontrei
4. Trocar para autenticação por chave → mesma coisa

Podem passar a lista de IPs de origem da exportação? No retry é usado o mesmo IP? E dá para receber o arquivo por e-mail como alternativa quando o upload falhar, para o galpão não ficar parado?"""),
        ("store", """Usamos o {product} com nosso próprio serviço de estoque e desde a semana passada temos deadlocks no Postgres quase toda noite no horário de pico. O cliente vê um erro genérico no checkout.

Log do Postgres:
{art_pg_deadlock}

Nosso serviço reserva o estoque quando o item vai para o carrinho e baixa quando chega o webhook do pedido do {product}. Os dois caminhos fazem UPDATE em stock_levels, na ordem em que os itens aparecem no carrinho.

Já tentamos:
1. Refazer a transação quando dá deadlock (SQLSTATE 40P01) → diminuiu, mas ainda tem 2-3 por noite
2. SELECT ... FOR UPDATE antes do UPDATE → piorou
3. Processar webhooks um por vez → resolve, mas acumula fila e os pedidos são confirmados com minutos de atraso

O {product} manda webhooks do mesmo pedido em paralelo (order.created e order.paid juntos)? A ordem dos itens no webhook é garantida ou pode ser diferente da do carrinho?"""),
        ("saas", """O export roda perfeitamente quando executo na mão, mas pelo cron falha toda noite. Configuração:

{art_cron_env}

Log da execução pelo cron:
{art_py_env}

Já tentei:
- colocar a variável no /etc/environment → nada
- exportar a variável no próprio export.sh antes de chamar o python → funciona, mas aí a chave de API fica em texto puro no script, o que a segurança não aprova
- rodar com o mesmo usuário do cron via `sudo -u deploy ./export.sh` → funciona (porque carrega meu .bashrc, imagino)

Desde a {ver_new} o client de vocês não lê mais o arquivo ~/.{pkg}/credentials? Na {ver_old} a gente não precisava de variável de ambiente nenhuma. Qual é a forma recomendada de passar a chave num job agendado?"""),
        ("bank", """Preciso de ajuda com um Pix que saiu da minha conta e não chegou, e ninguém consegue me explicar o que aconteceu.

No dia {date} fiz um Pix de {amount2} para o meu fornecedor pelo app do {product}. O app mostrou "Pix realizado" na hora e o valor foi debitado. O fornecedor diz que não recebeu nada. Dois dias depois, no extrato, a mesma operação aparece como "em processamento" e com um identificador diferente do comprovante do app ({refcode}).

O que já fiz: liguei na central e mandaram esperar 1 dia útil. Esperei 3. Abri uma contestação pelo app, mas ela foi encerrada automaticamente com a mensagem "transação concluída com sucesso". O banco do fornecedor pede o ID end-to-end da transação para rastrear, e eu não sei se é o do comprovante ou o do extrato.

Minhas dúvidas: qual status está certo, o do app ou o do extrato? Dá para abrir um MED ou um pedido de rastreio com o banco recebedor? E qual identificador eu passo para o fornecedor? Estou com um pedido parado por causa disso."""),
        ("saas", """Toda noite por volta das 02:00 nosso uploader em lote falha com `java.net.SocketTimeoutException: Read timed out at com.{pkg}.sync.HttpTransport.execute(HttpTransport.java:{ln1})`. Durante o dia, com os mesmos dados, funciona. Vocês têm manutenção ou backup nesse horário? Já aumentamos o timeout para 120s e nada."""),
        ("saas", """Depois do update para {ver_new}:

{art_py_attr}

Na {ver_old} funcionava. Mudou o formato da paginação? Nosso código nem mexe no `meta`, isso está dentro do client de vocês."""),
    ],
}

CONTENT["pt"]["mid"] += [
    ("bank", "Se eu bloquear o cartão temporariamente pelo app, os débitos automáticos e as assinaturas continuam sendo cobrados? Bloqueei durante uma viagem e fiquei com medo de o aluguel não ser pago."),
    ("bank", "Agendei um Pix para cair no dia 5, mas o dia 5 deste mês é sábado. Ele sai no sábado mesmo, na sexta ou só na segunda? E se não tiver saldo no dia, o app tenta de novo depois?"),
    ("store", "Comprei dois produtos e um deles só tem estoque daqui a três semanas. Vocês mandam separado? Vou pagar o frete duas vezes? Na hora do pagamento não apareceu nada sobre isso."),
    ("sync", "O que acontece com o histórico de versões quando um arquivo é renomeado? Parece que o histórico começa do zero com o nome novo, e precisamos das versões antigas para uma auditoria."),
    ("crm", "O que acontece com os contatos e as tarefas abertas de um vendedor quando desativamos o usuário dele? Ele continua como responsável ou é redistribuído? Vamos remover {n} usuários em breve."),
    ("game", "Se eu comprar o passe de temporada no meio da temporada, recebo as recompensas dos níveis que já passei ou só daqui pra frente?"),
    ("saas", "Arquivar um projeto também para as automações e as tarefas recorrentes dele? Arquivamos alguns projetos de clientes já encerrados e o pessoal continua recebendo lembretes."),
    ("vpn", "Por que o {product} escolhe um servidor diferente toda vez que conecto com a opção \"Servidor mais rápido\"? Às vezes é em outro país e alguns sites param de funcionar. Como ele decide qual é o mais rápido?"),
]

CONTENT["pt"]["reasoning"] += [
    ("saas", """{?Temos o {product} auto-hospedado atrás de um nginx numa única VM.|Rodamos o {product} no nosso próprio servidor, com nginx na frente.} Desde a atualização da {ver_old} para a {ver_new}, na {weekday} passada, os usuários recebem 502 Bad Gateway aleatoriamente, principalmente ao abrir projetos grandes ou quando a sincronização roda.

Log de erro do nginx:
{art_nginx_502}

Trecho relevante da configuração:
{art_nginx_conf}

O que já fizemos:
1. Aumentamos o proxy_read_timeout para 300s → nada mudou, os 502 aparecem em poucos segundos, não por timeout
2. Olhamos o container da aplicação: ele reinicia mais ou menos a cada {minutes} minutos (exit code 137), bate com as linhas de "connection refused"
3. Demos mais {gb} GB de RAM para a VM → reinicia menos, mas continua

A {ver_new} mudou as configurações padrão de memória ou a quantidade de workers? Tem alguma configuração recomendada para projetos com mais de {n3} itens? Voltar de versão é possível, mas a migração do banco já rodou."""),
    ("saas", """O SSO com {idp} parou de funcionar para parte dos usuários depois que migramos para um tenant novo no dia {date}. Mais ou menos metade consegue entrar; o resto cai numa página de erro.

Do log de auditoria de vocês:
{art_saml_log}

O que já fizemos:
1. Subimos de novo os metadados do IdP novo no admin do {product} → alguns usuários voltaram a entrar
2. Sincronizamos o relógio do proxy ADFS → o aviso de diferença de horário sumiu por um dia e voltou
3. Comparamos quem funciona e quem não: todos que falham têm favoritos com a URL de login antiga e entram pelo IdP

O erro de Audience pode ser por causa do entity ID específico do tenant? Nunca mexemos nessa configuração, mas talvez a migração tenha mudado. E como aceitar login iniciado pelo IdP e pelo SP ao mesmo tempo sem o erro de InResponseTo?"""),
    ("db", """{?Nossos workers em Python começaram a falhar contra a instância Postgres do {product} ({region}) logo depois que atualizamos o SQLAlchemy e subimos uma versão nova do serviço {svc}.|Desde o deploy do serviço {svc} (que também atualizou o SQLAlchemy), o batch noturno contra o {product} quebra com timeout de pool.} Com carga normal está tudo bem, mas no batch da madrugada dá isso:

{art_py_pool}

No console do {product}, no mesmo horário, o número de conexões fica travado no máximo do nosso plano.

Já tentamos:
1. Subir pool_size para 20 e max_overflow para 20 → o erro some, mas aí o banco começa a recusar conexões ("remaining connection slots are reserved")
2. Colocar o pooler de vocês na frente (modo transaction) → os prepared statements quebraram
3. Reduzir os processos de {n} para 4 → o batch agora leva quase {hours} horas

Existe um limite fixo de conexões por plano que não aparece na página de preços? Devíamos usar o pooler em modo session? E pode ser que conexões ociosas não estejam sendo fechadas do lado de vocês depois de um failover?"""),
    ("saas", """Não consigo validar a assinatura dos webhooks de vocês, falha toda vez, mesmo com o segredo certo (copiei duas vezes do painel).

Meu handler:
{art_flask_hmac}

Saída do log:
{art_hmac_log}

O header começa com "sha256=", mas mesmo tirando esse prefixo não bate. Também tentei:
- usar o segredo como bytes decodificados de hex em vez da string
- SHA-1, caso a documentação esteja desatualizada
- rotacionar o segredo e mandar um evento de teste

Tenho que calcular o HMAC em cima do corpo bruto da requisição e não do JSON já parseado? Se sim, o get_json() do Flask altera os bytes (ordem das chaves, espaços, escape de unicode)? Existe alguma implementação de referência em Python?"""),
    ("store", """Vendemos pelo {product} e desde o dia {date} alguns pedidos que os clientes pagaram não aparecem no nosso painel, ou aparecem horas depois.

Na ordem, o que acontece:
1. O cliente paga; o gateway de pagamento mostra a cobrança como capturada e manda o e-mail de confirmação.
2. O pedido não aparece na lista. Às vezes aparece {hours} horas depois, às vezes nunca.
3. Como o pedido não existe, o estoque não baixa, então vendemos o mesmo produto sem estoque {n} vezes nesta semana.
4. Nosso sistema de expedição puxa os pedidos pela API de vocês a cada 10 minutos, então esses pedidos também nunca são enviados.

O que verificamos: o log de webhooks do gateway diz que as entregas para o endpoint de vocês retornaram 200. Não mexemos no tema. Desativamos os dois apps instalados recentemente (avaliações e conversor de moeda) e nada mudou. Parece acontecer mais com quem paga por Pix do que com cartão, mas não tenho certeza.

Existe alguma fila do lado de vocês entre a confirmação do pagamento e a criação do pedido que possa estar travada? Vocês conseguem verificar os pedidos que faltam dos últimos 7 dias? E como conciliamos os pagamentos que nunca viraram pedido, tem algum relatório para isso?"""),
    ("crm", """Nossa integração em Node quebra em toda execução desde ontem com `TypeError: Cannot read properties of undefined (reading 'id') at mapDeal (/app/src/sync/deals.js:{ln1}:{col})`. Não fizemos deploy nenhum. A resposta do /v1/deals mudou? Parece que alguns negócios vêm sem o campo owner."""),
]

CONTENT["pt"]["reasoning"] += [
    ("saas", """O domínio próprio dá ERR_SSL_PROTOCOL_ERROR desde que apontamos o DNS para vocês no dia {date}; a URL .{dom} funciona. O CNAME aparece como verificado no painel, esperamos 48h e limpamos o HSTS do Chrome. O certificado ficou travado em "pendente"?"""),
    ("saas", """Desde a atualização do conector para a {ver_new} dá ORA-01017: invalid username/password; logon denied, mas as mesmas credenciais funcionam no SQL*Plus. Já digitei a senha de novo, reiniciei o agente e recriei a entrada no vault. A senha fica em cache em algum lugar?"""),
    ("bank", """Dois problemas desde a atualização {app_ver} do app: (1) o login por biometria volta sempre para a tela da senha, (2) pararam as notificações de Pix recebido. Reinstalei, recadastrei o aparelho e revisei todas as permissões. {phone}, {android}. Uma coisa tem a ver com a outra?"""),
]
CONTENT["pt"]["mid"] += [
    ("mail", "Vamos mudar parte da nossa base de uma newsletter semanal para um resumo diário. Se eu criar uma segunda lista para quem quer o diário, quem estiver nas duas listas vai receber dois e-mails no dia do semanal? O {product} remove duplicados entre listas na mesma campanha? E o link de descadastro tira a pessoa das duas listas ou só da lista para a qual a campanha foi enviada?"),
]


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
