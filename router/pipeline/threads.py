"""A ticket's budget across its thread: every turn (tickets sharing a ``thread_id``) and
every tier it called counts; when the policy's ``handoff.ticket_tokens`` or ``ticket_usd``
is spent, a person takes the ticket over.

The totals live where the conversations do (:mod:`router.stores.sessions`: Redis when
configured, shared by replicas and workers, else in process), for ``sessions.ttl_s``
after a thread's last turn.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from router.engine.requests import RouteRequest, RouteResult
from router.engine.router import Router
from router.pipeline.tickets import Ticket, TicketResult, ticket_request, ticket_result
from router.policy.model import Policy
from router.stores.sessions import SessionStore

__all__ = ["ThreadBudget", "answer_ticket"]


class ThreadBudget:
    """The spend of ticket threads against the policy's per-ticket budget."""

    def __init__(self, sessions: SessionStore | None, policy: Policy) -> None:
        self.sessions = sessions
        self.policy = policy

    @property
    def limited(self) -> bool:
        """Whether the policy sets a per-ticket budget."""
        handoff = self.policy.handoff
        return handoff.ticket_tokens is not None or handoff.ticket_usd is not None

    def _over(self, totals: dict[str, float]) -> str | None:
        handoff = self.policy.handoff
        tokens, usd = totals.get("tokens", 0.0), totals.get("usd", 0.0)
        if handoff.ticket_tokens is not None and tokens >= handoff.ticket_tokens:
            return f"budget: {tokens:.0f} of the ticket's {handoff.ticket_tokens} tokens spent"
        if handoff.ticket_usd is not None and usd >= handoff.ticket_usd:
            return f"budget: ${usd:.6f} of the ticket's ${handoff.ticket_usd:g} spent"
        return None

    async def spent(self, thread_id: str | None) -> str | None:
        """Why the thread may spend no more (its budget is gone), or ``None``."""
        if thread_id is None or self.sessions is None or not self.limited:
            return None
        return self._over(await self._add(thread_id, {}))

    async def charge(self, thread_id: str | None, result: RouteResult) -> str | None:
        """Count what ``result``'s calls used against the thread; why it is now spent."""
        if thread_id is None or self.sessions is None or not self.limited:
            return None
        used = {"tokens": float(result.usage.total_tokens), "usd": result.cost_usd}
        return self._over(await self._add(thread_id, used))

    async def _add(self, thread_id: str, amounts: dict[str, float]) -> dict[str, float]:
        assert self.sessions is not None
        ttl = self.policy.sessions.ttl_s
        return await self.sessions.add(f"thread:{thread_id}", amounts, ttl)


Answer = Callable[[RouteRequest], Awaitable[RouteResult]]


async def answer_ticket(
    router: Router, ticket: Ticket, answer: Answer | None = None
) -> TicketResult:
    """One ticket's way: handed to a person at once when its thread's budget is spent,
    else answered (by ``answer``, default the router's) and its spend counted; handed to a
    person when a handoff rule matched, its answer still looked unreliable at the top, or
    this turn spent the budget."""
    budget = ThreadBudget(router.sessions, router.policy)
    gone = await budget.spent(ticket.thread_id)
    if gone is not None:
        return TicketResult(id=ticket.id, status="handoff", handoff_reasons=[gone])
    result = await (answer or router.handle)(ticket_request(ticket))
    over = await budget.charge(ticket.thread_id, result)
    return ticket_result(ticket.id, result, router.policy, also=[over] if over else [])
