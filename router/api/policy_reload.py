"""The policy in force, and replacing it while the service runs.

Each loaded policy is a :class:`LoadedPolicy`: the policy and the routers built for it.
A request takes the policy in force when it starts and keeps it to the end, so a
reload never changes a request in flight. A new policy replaces the old one only when
it validates and can serve (:func:`~router.engine.readiness.serving_problems`); otherwise
the error is reported (HTTP 422 on ``POST /v1/policy/reload``, a log line when found
by the file watcher) and the old policy keeps serving.

Loaded policies share the backends (loaded models, HTTP clients) and the response cache,
whose keys hold the policy version, so answers of an old policy are never served for
a new one.

When the service has a Redis, a reload asked for (:meth:`PolicyHolder.reload`) is
announced to the other replicas over it, and they reload too (:mod:`router.stores.notices`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from router.backends import Backends
from router.engine.readiness import serving_problems
from router.engine.router import Router
from router.errors import ConfigError, PolicyError
from router.file_watch import digest, watch_file
from router.policy.loading import load_policy
from router.policy.model import TIER_NAMES, LearnedRouting, Policy
from router.stores.cache import ResponseCache
from router.stores.notices import ReloadNotice, ReloadNotices
from router.stores.sessions import SessionStore

__all__ = ["LoadedPolicy", "PolicyHolder", "ReloadOutcome"]

log = logging.getLogger("tierroute.policy")


@dataclass(frozen=True)
class LoadedPolicy:
    """A policy as loaded and put in force, and its routers: with the response cache, and
    without it (for callers allowed to bypass the cache), sharing classifier and backends;
    and one for shadow judging, which neither reads the cache nor keeps conversations (a
    shadow call must not move the caller's conversation to its tier)."""

    policy: Policy
    cached: Router
    uncached: Router
    shadow: Router

    def router(self, *, bypass_cache: bool = False) -> Router:
        """The router for a request."""
        return self.uncached if bypass_cache else self.cached


class ReloadOutcome(BaseModel):
    """``POST /v1/policy/reload``: what is in force now."""

    changed: bool
    policy: str
    version: str
    previous_version: str


async def _warm(router: Router) -> None:
    from router.backends.embedded import EmbeddedBackend

    for name in TIER_NAMES:
        model = router.policy.tier(name).model
        backend = router.backends.for_model(model)
        if isinstance(backend, EmbeddedBackend):
            await backend.warm(model)


class PolicyHolder:
    """Loads the policy file, keeps the policy in force, reloads on demand or on change."""

    def __init__(
        self,
        path: Path,
        *,
        store: ResponseCache | None,
        notices: ReloadNotices | None = None,
        backends: Backends | None = None,
        warm: bool = True,
        sessions: SessionStore | None = None,
    ) -> None:
        self.path = path
        self._store = store
        self._sessions = sessions
        self._given_backends = backends
        self._backends: dict[Path | None, Backends] = {}
        self._warm = warm
        self._current: LoadedPolicy | None = None
        self._lock = asyncio.Lock()
        #: SHA-256 of the file content last loaded or tried (a broken file is tried once).
        self._tried: str | None = None
        #: Reload notices to and from other replicas, over the service's Redis if it has one.
        self._notices = notices
        self._listener: asyncio.Task[None] | None = None
        #: The routing learned from traffic, laid over the file's (see :meth:`adopt_learned`).
        self._learned: LearnedRouting | None = None
        #: ... and the difficulty bands its segments are cut by, where it learned them.
        self._bands: list[float] | None = None
        #: The models refitted from traffic, laid over the file's: classifier, answer model.
        self._models: tuple[str | None, str | None] = (None, None)

    @property
    def current(self) -> LoadedPolicy:
        """The policy in force."""
        if self._current is None:
            raise RuntimeError("no policy loaded yet")
        return self._current

    def _backends_for(self, policy: Policy) -> Backends:
        if self._given_backends is not None:
            return self._given_backends
        replay = policy.resolve_path(policy.replay.data) if policy.replay else None
        if replay not in self._backends:
            self._backends[replay] = Backends(replay_data=replay)
        return self._backends[replay]

    def _build(self) -> LoadedPolicy:
        """Load, check and build (in a worker thread: it reads files and the classifier)."""
        self._tried = digest(self.path)
        policy = load_policy(self.path).with_models(*self._models)
        if self._learned is not None:
            policy = policy.with_learned(self._learned, self._bands)
        problems = serving_problems(policy)
        if problems:
            raise ConfigError("\n".join(f"{self.path}: {p}" for p in problems))
        backends = self._backends_for(policy)
        cached = Router(
            policy,
            backends=backends,
            cache=self._store if policy.cache.enabled else None,
            sessions=self._sessions,
        )
        uncached = Router(policy, scorer=cached.scorer, backends=backends, sessions=self._sessions)
        shadow = Router(policy, scorer=cached.scorer, backends=backends)
        return LoadedPolicy(policy, cached, uncached, shadow)

    async def load(self) -> LoadedPolicy:
        """Load the policy at start (errors propagate: the service does not start), then
        listen for other replicas' reload notices if there is a Redis to hear them on."""
        async with self._lock:
            loaded = await asyncio.to_thread(self._build)
            if self._warm:
                await _warm(loaded.cached)
            self._current = loaded
        if self._notices is not None and self._listener is None:
            self._listener = asyncio.create_task(self._notices.listen(self._on_notice))
        return loaded

    async def reload(self, trigger: str) -> ReloadOutcome:
        """Load the file again and put it in force if it can serve; else raise
        :class:`~router.errors.ConfigError` and keep the old policy. Once it is in force
        (changed or not), tell the other replicas to reload too."""
        outcome = await self._reload(trigger)
        if self._notices is not None:
            await self._notices.publish(policy=outcome.policy, version=outcome.version)
        return outcome

    async def adopt_learned(
        self,
        learned: LearnedRouting,
        trigger: str,
        difficulty_bands: list[float] | None = None,
        *,
        classifier: str | None = None,
        answer_model: str | None = None,
    ) -> ReloadOutcome:
        """Put the policy file in force again with ``learned`` as its learned routing, cut
        by ``difficulty_bands`` where the file gives none, and with the ``classifier`` and
        ``answer_model`` refitted from traffic where given (all stay laid over the file
        through later reloads of it)."""
        previous = self._learned, self._bands, self._models
        models = (classifier or self._models[0], answer_model or self._models[1])
        self._learned, self._bands, self._models = learned, difficulty_bands, models
        try:
            return await self._reload(trigger)
        except ConfigError:
            self._learned, self._bands, self._models = previous
            raise

    async def _on_notice(self, notice: ReloadNotice) -> None:
        """Another replica reloaded on request: re-read the file here too."""
        try:
            outcome = await self._reload(f"reload notice from {notice.origin}")
        except ConfigError:
            return  # logged by _reload; the old policy serves on
        except Exception:  # the listener must outlive any one bad file
            log.exception("policy reload failed unexpectedly; the old policy serves on")
            return
        if not outcome.changed:
            log.info(
                "reload notice from %s: version %s unchanged here", notice.origin, outcome.version
            )
        if outcome.version != notice.version:
            log.warning(
                "policy version %s here, %s at %s after its reload: do the replicas read "
                "different policy files?",
                outcome.version,
                notice.version,
                notice.origin,
            )

    async def _reload(self, trigger: str) -> ReloadOutcome:
        """Reload here only (see :meth:`reload`)."""
        async with self._lock:
            previous = self.current
            try:
                loaded = await asyncio.to_thread(self._build)
                if self._warm:
                    await _warm(loaded.cached)
            except ConfigError as exc:
                kind = "invalid" if isinstance(exc, PolicyError) else "cannot serve"
                log.error(
                    "policy not reloaded (%s): %s; version %s keeps serving:\n%s",
                    trigger,
                    kind,
                    previous.policy.version,
                    exc,
                )
                raise
            changed = loaded.policy.version != previous.policy.version
            if changed:
                self._current = loaded
                log.info(
                    "policy reloaded (%s): %s, version %s -> %s",
                    trigger,
                    loaded.policy.name,
                    previous.policy.version,
                    loaded.policy.version,
                )
            return ReloadOutcome(
                changed=changed,
                policy=self.current.policy.name,
                version=self.current.policy.version,
                previous_version=previous.policy.version,
            )

    async def watch(self, interval_s: float) -> None:
        """Every ``interval_s``, reload if the file's content changed (until cancelled)."""
        await watch_file(
            self.path,
            interval_s,
            tried=lambda: self._tried,
            reload=self._reload,
            log=log,
            what="policy",
        )

    async def aclose(self) -> None:
        """Stop listening for notices; close the backends and the response cache (shared
        by every loaded policy)."""
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        closing = [self._given_backends] if self._given_backends is not None else []
        for backends in [*closing, *self._backends.values()]:
            await backends.aclose()
        if self._store is not None:
            await self._store.aclose()
