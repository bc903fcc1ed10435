"""The dashboard: ``GET /ui`` (one page, its scripts and the chart library served from
the package: no outside assets) and the admin-only data it draws (``/ui/api/...``).

The page itself holds no data and no secrets; everything it shows comes from the
``/ui/api`` routes, which need an admin key when keys are configured (the page asks for
one and sends it as a bearer token). Without keys the service listens on loopback only.
These routes stay out of the OpenAPI schema: they are the page's, not a public API.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field

from router.api.access import AdminDep
from router.api.deps import ServicesDep
from router.api.policy_reload import ReloadOutcome
from router.dashboard.cost_basis import cost_basis
from router.dashboard.economics import Economics, EconomicsIn, economics
from router.dashboard.overview import Overview, overview
from router.dashboard.policy_text import EditedText, PolicyEdits, edit_policy_text
from router.dashboard.preview import Preview, preview
from router.dashboard.proposal import Problem, ProposalProblems, check_proposal
from router.dashboard.quality_curve import QualityCurve, quality_curve
from router.errors import ConfigError, RequestError, UnknownIdError
from router.policy.model import TIER_NAMES, EscalationSignal
from router.stores.decision_log import DecisionRecord, OutcomeRecord

__all__ = ["STATIC", "routes"]

log = logging.getLogger("tierroute.dashboard")

#: The page's files (HTML, script, style, the vendored chart library).
STATIC = Path(str(files("router.api") / "dashboard_static"))
#: How many of the log's newest records the pages read at most.
_RECENT = 20_000
_SIGNALS: tuple[str, ...] = EscalationSignal.__args__  # type: ignore[attr-defined]

routes = APIRouter(include_in_schema=False)


@routes.get("/ui")
async def page() -> FileResponse:
    """The dashboard page."""
    return FileResponse(STATIC / "index.html", media_type="text/html")


@routes.get("/ui/api/overview")
async def live_overview(
    services: ServicesDep,
    admin: AdminDep,
    window_s: Annotated[int, Query(ge=60, le=7 * 24 * 3600)] = 3600,
) -> Overview:
    """Requests per tier over the window, mix, spend against all-to-top, escalations,
    cache, handoffs, latency and time to first token per tier."""
    policy = services.policies.current.policy
    return overview(
        await services.decisions.recent(_RECENT, since=time.time() - window_s),
        cost_basis(policy),
        handoffs=services.metrics.handoff_counts(),
        log_enabled=policy.learning.log.enabled,
        window_s=window_s,
    )


class DecisionPath(BaseModel):
    """One request's whole path, and what was learned of it."""

    decision: DecisionRecord
    outcomes: list[OutcomeRecord]


@routes.get("/ui/api/decisions")
async def recent_decisions(
    services: ServicesDep,
    admin: AdminDep,
    tier: Annotated[str | None, Query()] = None,
    reason: Annotated[str | None, Query(description="an escalation reason, or 'none'")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> list[DecisionRecord]:
    """The newest decisions, newest first, of one final tier and escalation reason."""
    if tier is not None and tier not in TIER_NAMES:
        raise RequestError(f"tier: one of {', '.join(TIER_NAMES)}, got {tier!r}")
    found = []
    for record in reversed(await services.decisions.recent(_RECENT)):
        if not isinstance(record, DecisionRecord):
            continue
        if tier is not None and record.final_tier != tier:
            continue
        if reason == "none" and record.escalations:
            continue
        if reason not in (None, "none") and reason not in record.escalations:
            continue
        found.append(record)
        if len(found) >= limit:
            break
    return found


@routes.get("/ui/api/decisions/{request_id}")
async def decision_path(request_id: str, services: ServicesDep, admin: AdminDep) -> DecisionPath:
    """One request's record and the outcomes learned of it."""
    decision = await services.decisions.decision(request_id)
    if decision is None:
        raise UnknownIdError(
            f"no decision {request_id!r} in the log (it keeps the newest "
            f"{services.policies.current.policy.learning.log.max_records} records)"
        )
    outcomes = [
        r
        for r in await services.decisions.recent(_RECENT)
        if isinstance(r, OutcomeRecord) and r.request_id == request_id
    ]
    return DecisionPath(decision=decision, outcomes=outcomes)


class PolicyView(BaseModel):
    """The policy in force, as the tuning page edits it."""

    path: str
    name: str
    version: str
    source: str
    thresholds: dict[str, float]
    max_steps: int
    signals: list[str]
    all_signals: list[str]
    max_output_tokens: dict[str, int]
    models: dict[str, str]
    rules: list[str]
    learned: bool
    cost_label: str


@routes.get("/ui/api/policy")
async def policy_view(services: ServicesDep, admin: AdminDep) -> PolicyView:
    """The policy in force and its file's text."""
    holder = services.policies
    policy = holder.current.policy
    source = await asyncio.to_thread(holder.path.read_text, encoding="utf-8")
    return PolicyView(
        path=str(holder.path),
        name=policy.name,
        version=policy.version,
        source=source,
        thresholds=policy.routing.thresholds.model_dump(),
        max_steps=policy.escalation.max_steps,
        signals=list(policy.escalation.signals),
        all_signals=list(_SIGNALS),
        max_output_tokens={t: policy.tier(t).max_output_tokens for t in TIER_NAMES},
        models={t: policy.tier(t).model for t in TIER_NAMES},
        rules=[rule.name for rule in policy.routing.rules],
        learned=policy.routing.learned is not None,
        cost_label=cost_basis(policy).label,
    )


class EditIn(BaseModel):
    """The policy text being edited, and the controls' changes to make in it."""

    source: str = Field(max_length=1_000_000)
    edits: PolicyEdits


@routes.post("/ui/api/policy/edit")
async def edit_policy(body: EditIn, admin: AdminDep) -> EditedText:
    """The text with the controls' changes made where they stand (comments kept)."""
    import yaml

    try:
        return edit_policy_text(body.source, body.edits)
    except yaml.YAMLError as exc:
        raise RequestError(f"the policy text is not valid YAML, fix it first: {exc}") from exc


class ProposalIn(BaseModel):
    """A proposed policy's text (and how many logged requests to try it on)."""

    source: str = Field(max_length=1_000_000)
    last: int = Field(default=1000, ge=1, le=_RECENT)


class PreviewOut(BaseModel):
    """The proposal checked, and tried on the logged requests when it is valid."""

    ok: bool
    problems: list[Problem] = Field(default_factory=list)
    version: str | None = None
    preview: Preview | None = None
    curve: QualityCurve | None = None


def _problems_response(problems: list[Problem], status: int = 200) -> JSONResponse:
    body = PreviewOut(ok=False, problems=problems).model_dump(mode="json")
    return JSONResponse(status_code=status, content=body)


@routes.post("/ui/api/policy/preview", response_model=PreviewOut)
async def preview_policy(body: ProposalIn, services: ServicesDep, admin: AdminDep) -> Any:
    """Check the proposal as ``policy check`` does; if valid, the current and proposed
    tier mix and cost on the last logged requests, and the quality/cost curve where
    outcomes are known."""
    holder = services.policies
    try:
        proposed = await asyncio.to_thread(check_proposal, body.source, holder.path)
    except ProposalProblems as exc:
        return _problems_response(exc.problems)
    current = holder.current.policy
    records = await services.decisions.recent(_RECENT)
    decisions = [r for r in records if isinstance(r, DecisionRecord)][-body.last :]
    basis = cost_basis(current)
    return PreviewOut(
        ok=True,
        version=proposed.version,
        preview=preview(decisions, current, proposed, basis),
        curve=quality_curve(records, current, proposed, basis),
    )


class ApplyOut(BaseModel):
    """What is in force after applying."""

    ok: Literal[True] = True
    outcome: ReloadOutcome


@routes.post("/ui/api/policy/apply", response_model=ApplyOut)
async def apply_policy(body: ProposalIn, services: ServicesDep, admin: AdminDep) -> Any:
    """Write the proposal to the policy file and put it in force (hot reload); a proposal
    that is not valid, or cannot serve, changes nothing (422 with its problems)."""
    holder = services.policies
    try:
        await asyncio.to_thread(check_proposal, body.source, holder.path)
    except ProposalProblems as exc:
        return _problems_response(exc.problems, 422)
    who = admin.entry.name if admin.entry is not None else "loopback (no keys)"
    previous = await asyncio.to_thread(holder.path.read_text, encoding="utf-8")
    await asyncio.to_thread(_write, holder.path, body.source)
    try:
        outcome = await holder.reload(f"dashboard apply by {who}")
    except ConfigError as exc:
        await asyncio.to_thread(_write, holder.path, previous)
        problem = Problem(file=str(holder.path), line=None, field="(serving)", message=str(exc))
        return _problems_response([problem], 422)
    log.warning(
        "policy applied from the dashboard by %s: version %s -> %s",
        who,
        outcome.previous_version,
        outcome.version,
    )
    return ApplyOut(outcome=outcome)


def _write(path: Path, text: str) -> None:
    """Replace the file's content at once (readers see the old or the new, never half)."""
    temporary = path.with_name(f".{path.name}.dashboard-{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


@routes.post("/ui/api/economics")
async def economics_page(body: EconomicsIn, services: ServicesDep, admin: AdminDep) -> Economics:
    """The simulator's scenario for the page's inputs, with its curves."""
    return economics(body, services.policies.current.policy)
