"""What keeping a conversation on its tier saves, on multi-turn traffic.

Every turn of a conversation sends its whole history again. A provider reads the part it
has seen (the previous turns) from its prompt cache at the cached-input price, but only
on the model that saw it: a turn routed to another tier pays the whole history again.

Each turn has its own tier, the one the router would pick for it alone: the turn before's
with probability ``correlation`` (a hard conversation stays hard), else drawn from the mix
(the ticket mix read as a turn mix). **Routed afresh**, each turn goes to its own tier, and
its history is cached only when the turn before went to the same tier. **Sticky**
(tierroute's sessions), a conversation stays on the highest tier it has been on: a turn
goes to the higher of its own tier and the conversation's, and its history is cached
unless it just moved up. So a sticky conversation pays more for some answers (a simple
turn after a hard one stays high) and less for its history; both are counted. **Down when
cheaper** (``sessions.move_down: when_cheaper``) is sticky, except that a turn goes down
to its own tier when that turn costs less there with the history paid again.

Expected costs are exact under these assumptions (no sampling): the state of a
conversation after each turn (its tier, the turn's own tier) is a Markov chain over the
nine pairs, followed turn by turn.
"""

from __future__ import annotations

from collections.abc import Callable

from router.policy.model import TIER_NAMES, TierName
from router.simulate.cost_model import BaseModelSpec, CostTable, TierRatios
from router.simulate.settings import _Frozen

__all__ = [
    "DEFAULT_CACHED_INPUT_SHARE",
    "ConversationCase",
    "Stickiness",
    "TokenPrices",
    "stickiness",
    "token_prices",
]

#: The cached-input price as a share of the input price, where the policy gives none
#: (Anthropic's and most OpenAI models' cache reads cost 0.1 to 0.5 of fresh input).
DEFAULT_CACHED_INPUT_SHARE = 0.1


class TokenPrices(_Frozen):
    """One tier's USD per token: fresh input, input read from the prompt cache, output."""

    input: float
    cached_input: float
    output: float


class ConversationCase(_Frozen):
    """One way of routing the turns of a conversation, in expectation."""

    usd_per_conversation: float
    usd_per_turn: float
    relative_to_top: float
    #: Share of all input tokens read from the provider's prompt cache.
    cached_input_share: float
    #: Share of turns answered on each tier.
    tier_shares: dict[TierName, float]


class Stickiness(_Frozen):
    """Conversations routed turn by turn afresh, kept on their tier, and all on the top."""

    turns: int
    correlation: float
    user_tokens: float
    history_tokens_per_turn: float
    cached_share_of_price: dict[TierName, float]
    afresh: ConversationCase
    #: Up, never down (``sessions.move_down: never``).
    sticky: ConversationCase
    #: Up; down when the lower tier costs less even with the history paid again there
    #: (``sessions.move_down: when_cheaper``).
    down_when_cheaper: ConversationCase
    all_top: ConversationCase
    #: ``1 - sticky / afresh``: what keeping the tier saves.
    saving: float
    saving_down_when_cheaper: float


def token_prices(costs: CostTable, cached_share: float | None) -> dict[TierName, TokenPrices]:
    """USD per token on each tier: the policy's prices (its cached-input price where it
    gives one, unless ``cached_share`` is given), or compute (``2·N`` FLOPs a token) at
    the table's USD per PFLOP; cached input at ``cached_share`` of fresh input."""
    out: dict[TierName, TokenPrices] = {}
    for tier in TIER_NAMES:
        share = DEFAULT_CACHED_INPUT_SHARE if cached_share is None else cached_share
        if costs.prices is not None:
            price = costs.prices[tier]
            fresh = price.input_per_mtok / 1e6
            cached = (
                price.cached_input_per_mtok / 1e6
                if price.cached_input_per_mtok is not None and cached_share is None
                else fresh * share
            )
            out[tier] = TokenPrices(
                input=fresh, cached_input=cached, output=price.output_per_mtok / 1e6
            )
        else:
            params = costs.tiers[tier].compute.params
            per_token = 2 * params / 1e15 * (costs.usd_per_pflop or 0.0)
            out[tier] = TokenPrices(
                input=per_token, cached_input=per_token * share, output=per_token
            )
    return out


class _Totals:
    """Expected cost, tokens and turns per tier of one way of routing, summed over turns."""

    def __init__(self, prices: list[TokenPrices], user: float, answers: list[float]) -> None:
        self.prices, self.user, self.answers = prices, user, answers
        self.usd = self.input_tokens = self.cached_tokens = 0.0
        self.on_tier = [0.0] * len(prices)

    def add(self, weight: float, tier: int, history: float, cached: bool) -> None:
        """``weight`` of the conversations answer a turn on ``tier`` with ``history``
        earlier tokens, read from the prompt cache or not."""
        price = self.prices[tier]
        self.usd += weight * (self.user * price.input + self.answers[tier] * price.output)
        self.usd += weight * history * (price.cached_input if cached else price.input)
        self.input_tokens += weight * (self.user + history)
        self.cached_tokens += weight * history if cached else 0.0
        self.on_tier[tier] += weight

    def case(self, turns: int, top_usd: float) -> ConversationCase:
        return ConversationCase(
            usd_per_conversation=self.usd,
            usd_per_turn=self.usd / turns,
            relative_to_top=self.usd / top_usd if top_usd else 0.0,
            cached_input_share=self.cached_tokens / self.input_tokens if self.input_tokens else 0.0,
            tier_shares={t: self.on_tier[j] / turns for j, t in enumerate(TIER_NAMES)},
        )


Placement = Callable[[int, int, float], int]


def _saving(case: ConversationCase, afresh: ConversationCase) -> float:
    spent = afresh.usd_per_conversation
    return 1 - case.usd_per_conversation / spent if spent else 0.0


def _follow(
    totals: _Totals,
    place: Placement,
    *,
    turns: int,
    mix: list[float],
    correlation: float,
    history: float,
) -> None:
    """Add every turn of every conversation to ``totals``; ``place(held, own, seen)``: the
    tier a turn goes to, given the tier that answered the turn before, the turn's own tier
    and the history's tokens. The history is cached when the tier did not change."""
    tiers = range(len(mix))
    # (the tier that answered the last turn, that turn's own tier) -> share
    states: dict[tuple[int, int], float] = {}
    for own in tiers:
        if mix[own] > 0:
            totals.add(mix[own], own, 0.0, cached=False)
            states[(own, own)] = mix[own]
    for turn in range(2, turns + 1):
        seen = history * (turn - 1)
        following: dict[tuple[int, int], float] = {}
        for (held, last), weight in states.items():
            for own in tiers:
                chance = (1 - correlation) * mix[own] + (correlation if own == last else 0.0)
                if chance <= 0:
                    continue
                share = weight * chance
                tier = place(held, own, seen)
                totals.add(share, tier, seen, cached=tier == held)
                following[(tier, own)] = following.get((tier, own), 0.0) + share
        states = following


def stickiness(
    *,
    turns: int,
    mix: list[float],
    correlation: float,
    base: BaseModelSpec,
    ratios: dict[TierName, TierRatios],
    prices: dict[TierName, TokenPrices],
) -> Stickiness:
    """Expected cost of ``turns``-turn conversations routed afresh, sticky (up, never
    down), sticky but down when that is cheaper, and all on the top tier. A turn adds the
    reference ticket's input tokens; each earlier turn adds its question and an answer of
    the reference ticket's output tokens to the history. A turn's own tier is the turn
    before's with probability ``correlation``, else drawn from ``mix`` (so every turn's
    own tier follows the mix)."""
    user = base.input_tokens
    history = base.input_tokens + base.output_tokens
    answers = [base.output_tokens * ratios[t].tokens for t in TIER_NAMES]
    price_list = [prices[t] for t in TIER_NAMES]
    top_tier = len(TIER_NAMES) - 1

    def turn_usd(tier: int, seen: float, cached: bool) -> float:
        price = price_list[tier]
        fresh = user * price.input + answers[tier] * price.output
        return fresh + seen * (price.cached_input if cached else price.input)

    def down_when_cheaper(held: int, own: int, seen: float) -> int:
        if own < held and turn_usd(own, seen, False) < turn_usd(held, seen, True):
            return own
        return max(held, own)

    placements: list[Placement] = [
        lambda held, own, seen: own,
        lambda held, own, seen: max(held, own),
        down_when_cheaper,
        lambda held, own, seen: top_tier,
    ]
    cases = []
    for index, place in enumerate(placements):
        totals = _Totals(price_list, user, answers)
        only = [1.0 if j == top_tier else 0.0 for j in range(len(mix))]
        _follow(
            totals,
            place,
            turns=turns,
            mix=only if index == 3 else mix,
            correlation=correlation,
            history=history,
        )
        cases.append(totals)
    top_usd = cases[3].usd
    afresh, sticky, cheaper, all_top = (t.case(turns, top_usd) for t in cases)
    return Stickiness(
        turns=turns,
        correlation=correlation,
        user_tokens=user,
        history_tokens_per_turn=history,
        cached_share_of_price={
            t: (p.cached_input / p.input if p.input else 0.0) for t, p in prices.items()
        },
        afresh=afresh,
        sticky=sticky,
        down_when_cheaper=cheaper,
        all_top=all_top,
        saving=_saving(sticky, afresh),
        saving_down_when_cheaper=_saving(cheaper, afresh),
    )
