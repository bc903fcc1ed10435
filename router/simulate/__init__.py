"""The cost model and routing simulator behind ``tierroute simulate``.

- :mod:`~router.simulate.cost_model`: FLOPs and money per ticket on each tier;
- :mod:`~router.simulate.routing_errors`: expected cost and quality under a confusion
  matrix, escalation, and the break-even router accuracy;
- :mod:`~router.simulate.inputs`: reading mixes, rates, confusion files, ticket files;
- :mod:`~router.simulate.scenario`: one simulation, settings in, report out;
- :mod:`~router.simulate.report` and :mod:`~router.simulate.plot`: text, Markdown, PNG.
"""

from __future__ import annotations

from router.simulate.cost_model import SEED_RATIOS, BaseModelSpec, TierRatios
from router.simulate.inputs import Mix
from router.simulate.report import render_markdown, render_text
from router.simulate.routing_errors import Confusion, ErrorModel
from router.simulate.scenario import SEED_MIX, SimulationReport, SimulationSettings, simulate

__all__ = [
    "SEED_MIX",
    "SEED_RATIOS",
    "BaseModelSpec",
    "Confusion",
    "ErrorModel",
    "Mix",
    "SimulationReport",
    "SimulationSettings",
    "TierRatios",
    "render_markdown",
    "render_text",
    "simulate",
]
