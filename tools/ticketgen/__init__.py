"""Build the tier-labelled support-ticket training set for tierroute.

Usage (from the repository root)::

    python -m tools.ticketgen [--out PATH]

Writes ``classifiers/data/tickets.jsonl`` (or PATH): one JSON object per line,
``{"text": ..., "tier": "small"|"mid"|"reasoning", "lang": ...}``. That file is committed
and shipped with the classifier; this generator is not (``tools`` is not installed).

All ticket texts are composed from hand-written templates (English, German, Spanish,
French, Portuguese) in ``templates/<lang>.yaml``, with pasted logs and traces from
``templates/artifacts.yaml``, plus randomly drawn slot values (product names, versions,
timestamps, amounts, ...). Generation uses a single ``random.Random(SEED)``, so the output
is byte-for-byte identical on every run; any change to the data files' lists (order
included) or to the order of random draws in the code changes the output.

Tier definitions the classifier should learn:

* small     - FAQ-style billing / account / how-to question, usually one ask.
* mid       - product-behaviour question that needs some reasoning about how
              the product works (interactions, limitations, plan fit), no logs.
* reasoning - multi-step debugging: traces, logs, configs, error codes,
              upgrades, several failed attempts, repro steps, several asks.

Template mini-language (``minilang``):

* ``{slot}``        replaced by a per-ticket slot value (see ``slots``); unknown
                    names are left untouched so code snippets survive.
* ``{?a|b|c}``      one alternative chosen at random (may contain ``{slot}`` and,
                    nested, other alternatives).
* ``{art_name}``    an artifact (stack trace, log, config) from ``artifacts.yaml``.
* ``[[pick A-B]]``  on a line of its own, up to a ``[[/pick]]`` line: keep A to B of
                    the lines in between, in order (numbered lines are renumbered).

Modules: ``data`` (loading the YAML files), ``slots``, ``minilang``, ``compose`` (framing
and the set), ``noise`` (typos and the like), ``write`` (the JSONL file).
"""

from tools.ticketgen.write import DEFAULT_OUT, generate

__all__ = ["DEFAULT_OUT", "generate"]
