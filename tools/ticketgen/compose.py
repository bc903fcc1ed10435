"""Composition: a ticket from a template, framed (greeting, context, closer, sign-off) in a tone.

``build`` draws the whole set: per language and tier, templates in shuffled rounds, each
ticket re-rolled a few times if it is a near-duplicate of one already accepted.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from typing import TypedDict

from tools.ticketgen.data import Artifact, Language, Pools, Template
from tools.ticketgen.minilang import NUMBERED_RE, fill
from tools.ticketgen.noise import add_noise
from tools.ticketgen.slots import Slots

SEED = 20240917
TIERS = ("small", "mid", "reasoning")
LANGS = ("en", "de", "es", "fr", "pt")

# Tickets per language and tier (total 694: 50.4% en; 40/30/30 in each language).
TARGETS = {
    "en": {"small": 140, "mid": 105, "reasoning": 105},
    "de": {"small": 34, "mid": 26, "reasoning": 26},
    "es": {"small": 34, "mid": 26, "reasoning": 26},
    "fr": {"small": 34, "mid": 26, "reasoning": 26},
    "pt": {"small": 34, "mid": 26, "reasoning": 26},
}
TONES = {
    "small": [("polite", 52), ("terse", 22), ("casual", 14), ("angry", 12)],
    "mid": [("polite", 58), ("terse", 20), ("casual", 10), ("angry", 12)],
    "reasoning": [("polite", 55), ("terse", 22), ("casual", 8), ("angry", 15)],
}
CONSUMER_KINDS = ("bank", "game", "vpn")  # no "our dev team"/"we're a 20-person team" framing
BUSINESS_KINDS = ("saas", "crm", "mail", "sync", "db")  # small tickets may mention the business

LIST_ITEM = re.compile(r"^(- |\d+[.)] )")
REPRO_HINT = re.compile(
    r"reproduc|reproduz|reproduir|Schritte|steps to|pasos para|étapes pour|passos para|repro", re.I
)
SHINGLE_WORD = re.compile(r"\w+")
MAX_SIMILARITY = 0.65  # word-trigram Jaccard above this counts as a near-duplicate


class Ticket(TypedDict):
    """One line of tickets.jsonl (keys in this order)."""

    text: str
    tier: str
    lang: str


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    total = sum(w for _, w in pairs)
    r = rng.uniform(0, total)
    for item, w in pairs:
        r -= w
        if r <= 0:
            return item
    return pairs[-1][0]


# --------------------------------------------------------------------------
# Structural variation of long templates
# --------------------------------------------------------------------------
def _vary_list(run: list[str], prev: str, rng: random.Random) -> list[str]:
    """A run of list items: maybe drop one, shuffle bullets, renumber (not repro steps)."""
    if len(run) < 3 or REPRO_HINT.search(prev):
        return run
    if rng.random() < 0.55:
        run.pop(rng.randrange(len(run)))
    if run[0].startswith("- ") and rng.random() < 0.5:
        rng.shuffle(run)
    return [_renumber(item, n) for n, item in enumerate(run, 1)]


def _renumber(item: str, n: int) -> str:
    """``3. foo`` -> ``<n>. foo`` (bullets are left alone)."""
    m = NUMBERED_RE.match(item)
    return f"{n}{m.group(2)} " + item[m.end() :] if m else item


def vary_template(template: str, headers: list[list[str]], rng: random.Random) -> str:
    """Structural variation for long tickets: swap list headers, drop/shuffle list items.

    Runs on the template (before slots and artifacts are filled). Lists introduced by a
    "steps to reproduce" style line and lines inside ``[[pick]]`` blocks are left intact.
    """
    synonyms = {header: group for group in headers for header in group}
    lines = template.split("\n")
    out: list[str] = []
    i = 0
    in_pick = False
    while i < len(lines):
        line = lines[i]
        if line.startswith(("[[pick", "[[/pick")):
            in_pick = line.startswith("[[pick")
            out.append(line)
        elif line.strip() in synonyms:
            out.append(rng.choice(synonyms[line.strip()]))
        elif in_pick or not LIST_ITEM.match(line):
            out.append(line)
        else:
            j = i
            while j < len(lines) and LIST_ITEM.match(lines[j]):
                j += 1
            prev = next((p for p in reversed(out) if p.strip()), "")
            out.extend(_vary_list(lines[i:j], prev, rng))
            i = j
            continue
        i += 1
    return "\n".join(out)


# --------------------------------------------------------------------------
# Framing
# --------------------------------------------------------------------------
Frame = tuple[list[str], list[str]]  # sentences before the template's text, and after it


def _greeting_and_sign(rng: random.Random, s: Slots, pools: Pools, tone: str) -> tuple[str, str]:
    greet = sign = ""
    if tone != "terse":
        greet = fill(rng.choice(pools.greet[tone]), s)
        sign = fill(rng.choice(pools.sign[tone]), s)
        if tone == "polite" and rng.random() < 0.15:
            sign = ""
        if tone == "polite" and rng.random() < 0.12:
            greet = ""
    elif rng.random() < 0.25:
        sign = fill(rng.choice(pools.sign["casual"]), s)
    return greet, sign


def _frame_small(rng: random.Random, s: Slots, pools: Pools, tone: str) -> Frame:
    lead: list[str] = []
    tail: list[str] = []
    chatty = tone == "polite" and rng.random() < 0.18  # long, friendly, but still a FAQ question
    if chatty or (tone in ("polite", "casual") and rng.random() < 0.35):
        lead.append(fill(rng.choice(pools.pre), s))
    if chatty or (tone in ("polite", "casual") and rng.random() < 0.28):
        biz = s.kind in BUSINESS_KINDS
        lead.append(fill(rng.choice(pools.small_ctx + (pools.small_ctx_biz if biz else [])), s))
    if chatty or (tone == "polite" and rng.random() < 0.3):
        tail.append(fill(rng.choice(pools.post), s))
    if tone == "angry" and rng.random() < 0.75:
        lead.append(fill(rng.choice(pools.angry_pre), s))
    return lead, tail


def _frame_mid(rng: random.Random, s: Slots, pools: Pools, tone: str) -> Frame:
    lead: list[str] = []
    tail: list[str] = []
    consumer = s.kind in CONSUMER_KINDS
    if rng.random() < 0.4:
        lead.append(fill(rng.choice(pools.mid_ctx[-2:] if consumer else pools.mid_ctx), s))
    if tone == "angry" and rng.random() < 0.6:
        lead.append(fill(rng.choice(pools.angry_pre), s))
    if tone == "polite" and rng.random() < 0.1:
        lead.insert(0, fill(rng.choice(pools.pre[:2]), s))
    if tone == "polite" and rng.random() < 0.15:
        tail.append(fill(rng.choice(pools.post), s))
    return lead, tail


def _frame_reasoning(rng: random.Random, s: Slots, pools: Pools, tone: str) -> Frame:
    lead: list[str] = []
    tail: list[str] = []
    consumer = s.kind in CONSUMER_KINDS
    r_open = pools.r_open + ([] if consumer else pools.r_open_biz)
    r_close = pools.r_close + ([] if consumer else pools.r_close_biz)
    if rng.random() < 0.4:
        lead.append(fill(rng.choice(r_open), s))
    elif not consumer and rng.random() < 0.12:
        lead.append(fill(rng.choice(pools.mid_ctx[:3]), s))
    if tone == "angry" and rng.random() < 0.3:
        lead.insert(0, fill(rng.choice(pools.angry_pre[1:]), s))
    if rng.random() < 0.4:
        tail.append(fill(rng.choice(r_close), s))
    elif tone == "polite" and rng.random() < 0.12:
        tail.append(fill(rng.choice(pools.post), s))
    return lead, tail


FRAMES = {"small": _frame_small, "mid": _frame_mid, "reasoning": _frame_reasoning}


def _block_join(rng: random.Random, a: str, b: str) -> str:
    if not a:
        return b
    if not b:
        return a
    return a + rng.choice(["\n\n", "\n\n", "\n"]) + b


def _with_greeting(rng: random.Random, s: Slots, tier: str, greet: str, core: str) -> str:
    if greet and tier == "small" and greet[-1] in "!." and rng.random() < 0.6:
        return greet + " " + core
    if greet and tier != "reasoning" and rng.random() < 0.25:
        # run on after a comma ("Hi, quick question ..."), but keep "I" and names capitalised
        first_word = core.split(" ", 1)[0]
        if (
            greet.endswith(",")
            and first_word != "I"
            and not first_word.startswith("I'")
            and not s.filled.get("product", "#").startswith(first_word)
            and first_word[1:].islower()
        ):
            core = core[:1].lower() + core[1:]
        return greet + " " + core
    return _block_join(rng, greet, core)


def _assemble(
    rng: random.Random,
    s: Slots,
    tier: str,
    parts: tuple[str, list[str], str, list[str], str],
) -> str:
    """greeting, lead sentences, body, tail sentences, sign-off -> one text."""
    greet, lead, body, tail, sign = parts
    sep = " " if (tier == "small" or (tier == "mid" and rng.random() < 0.5)) else "\n\n"
    core = sep.join([*lead, body]) if lead else body
    if tail:
        core = core + (" " if tier == "small" and rng.random() < 0.6 else "\n\n") + " ".join(tail)
    text = _with_greeting(rng, s, tier, greet, core)
    if sign:
        if tier == "small" and "\n" not in sign and rng.random() < 0.5:
            text = text + " " + sign
        else:
            text = _block_join(rng, text, sign)
    return text


def make_ticket(
    rng: random.Random,
    language: Language,
    tier: str,
    template: Template,
    artifacts: dict[str, Artifact],
) -> str:
    """One ticket text of ``tier`` from ``template``."""
    s = Slots(rng, language, template.kind, artifacts)
    tone = _weighted(rng, TONES[tier])
    text = template.text
    if tier != "small":
        text = vary_template(text, language.headers, rng)
    body = fill(text, s).strip()
    greet, sign = _greeting_and_sign(rng, s, language.pools, tone)
    lead, tail = FRAMES[tier](rng, s, language.pools, tone)
    text = _assemble(rng, s, tier, (greet, lead, body, tail, sign))
    return add_noise(text, s, tier, tone).strip()


# --------------------------------------------------------------------------
# The set
# --------------------------------------------------------------------------
Shingles = set[tuple[str, ...]]


def _shingles(text: str) -> Shingles:
    words = SHINGLE_WORD.findall(text.lower())
    return set(zip(words, words[1:], words[2:], strict=False)) or {tuple(words)}


def _too_similar(sh: Shingles, accepted: list[Shingles]) -> bool:
    for other in accepted:
        inter = len(sh & other)
        if inter and inter / (len(sh) + len(other) - inter) > MAX_SIMILARITY:
            return True
    return False


def _distinct_tickets(
    rng: random.Random, language: Language, tier: str, artifacts: dict[str, Artifact]
) -> list[Ticket]:
    """TARGETS[lang][tier] tickets, no two near-duplicates."""
    templates = list(language.content[tier])
    want = TARGETS[language.code][tier]
    accepted: list[Shingles] = []
    tickets: list[Ticket] = []
    queue: list[Template] = []
    attempts = 0
    while len(accepted) < want:
        if not queue:
            queue = templates[:]
            rng.shuffle(queue)
        template = queue.pop()
        for _ in range(4):  # a few re-rolls of the same template before moving on
            attempts += 1
            if attempts > want * 40:
                raise RuntimeError(
                    f"cannot generate {want} distinct tickets for {language.code}/{tier}"
                )
            text = make_ticket(rng, language, tier, template, artifacts)
            sh = _shingles(text)
            if not _too_similar(sh, accepted):
                accepted.append(sh)
                tickets.append(Ticket(text=text, tier=tier, lang=language.code))
                break
    return tickets


def build(languages: dict[str, Language], artifacts: dict[str, Artifact]) -> list[Ticket]:
    """The whole ticket set, shuffled; the same on every run (one RNG seeded with SEED)."""
    rng = random.Random(SEED)
    tickets: list[Ticket] = []
    for lang in LANGS:
        for tier in TIERS:
            tickets.extend(_distinct_tickets(rng, languages[lang], tier, artifacts))
    rng.shuffle(tickets)
    return tickets
