"""``tierroute calibrate --from-log``: the learned routing fitted on the decision log's
outcomes (shadow verdicts, feedback) and written as a policy."""

from __future__ import annotations

import asyncio
from pathlib import Path

import click
import yaml

from router.errors import ConfigError

__all__ = ["calibrate_from_log"]


def calibrate_from_log(
    policy_path: Path, target_quality: float | None, out: Path | None, as_json: bool
) -> None:
    """Fit, print the estimate (and how sure it is), write the policy if asked."""
    from router.learning.from_rows import recalibrate_from_rows
    from router.policy.loading import load_policy, policy_data_at
    from router.stores.decision_log import decision_log_for
    from router.stores.outcome_export import outcome_rows
    from router.stores.redis import RedisConnection, RedisSettings

    policy = load_policy(policy_path)
    if target_quality is not None:
        data = policy.model_dump(mode="json")
        data["learning"]["target_quality"] = target_quality
        policy = policy.revised(data)
    settings = RedisSettings()

    async def read() -> list[dict[str, object]]:
        redis = RedisConnection(settings) if settings.enabled else None
        log = decision_log_for(redis, policy)
        try:
            return outcome_rows(await log.records())
        finally:
            await log.aclose()
            if redis is not None:
                await redis.aclose()

    rows = asyncio.run(read())
    if not rows:
        raise ConfigError(
            "the decision log has no outcomes yet: turn on learning.shadow or send "
            "POST /v1/feedback, then try again"
        )
    recalibration = recalibrate_from_rows(policy, rows)
    learned = recalibration.policy.routing.learned
    assert learned is not None
    if out is not None:
        data = policy_data_at(load_policy(policy_path), out)
        data["routing"]["learned"] = learned.model_dump(mode="json", exclude_none=True)
        bands = recalibration.policy.learning.difficulty_bands
        if bands is not None:  # the learned segments are of these bands
            data["learning"]["difficulty_bands"] = bands
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    if as_json:
        click.echo(learned.model_dump_json(indent=2))
    else:
        click.echo(f"{len(rows)} requests with outcomes; {recalibration.describe()}")
        if out is not None:
            click.echo(f"wrote {out}")
    if not recalibration.fit.meets_target:
        raise SystemExit(1)
