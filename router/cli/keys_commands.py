"""API keys: keys add, keys env, keys hash, keys check. Keys files hold hashes, never keys."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from router.cli.app import main, reports_errors
from router.errors import ConfigError, TierrouteError, exit_code_for
from router.policy.model import TIER_NAMES

if TYPE_CHECKING:
    from router.auth.keys import KeyRing

_FILE = click.Path(dir_okay=False, path_type=Path)


@main.group()
def keys() -> None:
    """API keys of the REST service: make them, hash them, check a keys file."""


@keys.command("add")
@click.argument("name")
@click.option(
    "--file",
    "keys_file",
    type=_FILE,
    required=True,
    envvar="TIERROUTE_KEYS_FILE",
    show_envvar=True,
    help="Keys file to add the key to (created if missing).",
)
@click.option("--admin", is_flag=True, help="May reload and read the policy, read spend.")
@click.option(
    "--force-tier",
    "force_tiers",
    multiple=True,
    type=click.Choice(TIER_NAMES),
    help="A tier the key may ask for by name (repeat for more); 'auto' is always allowed.",
)
@click.option("--bypass-cache", is_flag=True, help="May send Cache-Control: no-cache.")
@click.option("--rpm", type=click.IntRange(min=1), help="Requests per minute.")
@click.option("--tpm", type=click.IntRange(min=1), help="Tokens per minute.")
@click.option(
    "--usd-per-day", type=click.FloatRange(min=0, min_open=True), help="US dollars per UTC day."
)
@click.option("--json", "as_json", is_flag=True, help="Print name, key and hash as JSON.")
@reports_errors
def keys_add(
    name: str,
    keys_file: Path,
    admin: bool,
    force_tiers: tuple[str, ...],
    bypass_cache: bool,
    rpm: int | None,
    tpm: int | None,
    usd_per_day: float | None,
    as_json: bool,
) -> None:
    """Make a new key called NAME and add its hash to the keys file.

    The key is printed once, on stdout; only its SHA-256 is written to the file.
    """
    from pydantic import ValidationError

    from router.auth.keys import KeyEntry, KeyLimits, hash_key, new_key
    from router.auth.keys_file import add_entry

    key = new_key()
    try:
        entry = KeyEntry(
            name=name,
            sha256=hash_key(key),
            admin=admin,
            force_tiers=list(dict.fromkeys(force_tiers)),  # type: ignore[arg-type]
            bypass_cache=bypass_cache,
            limits=KeyLimits(
                requests_per_minute=rpm, tokens_per_minute=tpm, usd_per_day=usd_per_day
            ),
        )
    except ValidationError as exc:
        message = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
        raise click.BadParameter(message, param_hint="NAME") from exc
    add_entry(keys_file, entry)
    if as_json:
        click.echo(json.dumps({"name": name, "key": key, "sha256": entry.sha256}))
    else:
        click.echo(key)
    click.echo(
        f"added to {keys_file}: {entry.describe()}\n"
        "the key (on stdout) is shown this once: keep it somewhere safe",
        err=True,
    )


@keys.command("env")
@click.argument("name")
@click.option("--admin", is_flag=True, help="May reload and read the policy, read spend.")
@reports_errors
def keys_env(name: str, admin: bool) -> None:
    """Make a new key called NAME and print its entry for TIERROUTE_API_KEYS
    (NAME:KEY, or NAME:KEY:admin); nothing is written anywhere.

    Entries of TIERROUTE_API_KEYS are separated by commas; such keys route with
    model "auto" (and admin endpoints with --admin). Keys that need tiers, cache bypass
    or limits go in a keys file (`tierroute keys add`).
    """
    from router.auth.keys import is_valid_name, new_key
    from router.auth.keys_env import env_entry

    if not is_valid_name(name):
        raise click.BadParameter(
            "use letters, digits and . _ - (at most 64, starting with a letter or digit)",
            param_hint="NAME",
        )
    click.echo(env_entry(name, new_key(), admin=admin))
    click.echo(
        "add this entry to TIERROUTE_API_KEYS (comma-separated); the key is shown this once",
        err=True,
    )


@keys.command("hash")
@click.option("--name", help="Print a keys-file entry with this name, not just the hash.")
@reports_errors
def keys_hash(name: str | None) -> None:
    """Print the SHA-256 of a key you already have (read from stdin, never an argument,
    so it stays out of shell history and process lists)."""
    from router.auth.keys import KeyEntry, hash_key
    from router.auth.keys_file import entry_yaml

    if sys.stdin.isatty():
        key = click.prompt("API key", hide_input=True)
    else:
        key = sys.stdin.readline().strip()
    if not key:
        raise ConfigError('no key on stdin; pipe it in: `printf %s "$KEY" | tierroute keys hash`')
    digest = hash_key(key)
    if name is None:
        click.echo(digest)
        return
    click.echo(entry_yaml(KeyEntry(name=name, sha256=digest)), nl=False)


def _file_keys(file: Path, env: KeyRing | None) -> KeyRing | TierrouteError:
    """The keys of ``file``, or what is wrong with them (a name or key also in the
    environment's keys too)."""
    from router.auth.keys_file import load_keys
    from router.auth.keys_reload import combine

    try:
        ring = load_keys(file)
        combine(ring, env)
    except TierrouteError as exc:
        return exc
    return ring


@keys.command("check")
@click.argument("files", nargs=-1, type=_FILE)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
def keys_check(files: tuple[Path, ...], as_json: bool) -> None:
    """Validate keys FILES and $TIERROUTE_API_KEYS (when set): errors name the file, the
    line and the field (for the variable: the entry's position), never a key. A name or
    key in both a file and the variable is an error, as `serve` would refuse it."""
    from router.auth.keys_env import ENV_KEYS, parse_env_keys

    env_value = os.environ.get(ENV_KEYS, "")
    if not files and not env_value.strip():
        raise click.UsageError(f"give keys files to check, or set {ENV_KEYS}")
    env: KeyRing | None = None
    env_outcome: KeyRing | TierrouteError | None = None
    if env_value.strip():
        try:
            env_outcome = env = parse_env_keys(env_value)
        except TierrouteError as exc:
            env_outcome = exc
    results = [(str(file), _file_keys(file, env)) for file in files]
    if env_outcome is not None:
        results.append((ENV_KEYS, env_outcome))
    summaries: list[dict[str, object]] = []
    worst = 0
    for source, outcome in results:
        if isinstance(outcome, TierrouteError):
            click.echo(f"error: {outcome}", err=True)
            worst = max(worst, exit_code_for(outcome))
            summaries.append({"file": source, "ok": False, "error": str(outcome)})
            continue
        summaries.append(
            {
                "file": source,
                "ok": True,
                "keys": [e.model_dump(mode="json", exclude={"sha256"}) for e in outcome.entries],
            }
        )
        if not as_json:
            click.echo(f"{source}: ok, {len(outcome)} key(s)")
            for entry in outcome.entries:
                click.echo(f"  {entry.describe()}")
    if as_json:
        click.echo(json.dumps(summaries, indent=2))
    sys.exit(worst)
