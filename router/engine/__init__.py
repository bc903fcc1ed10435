"""The engine: the decision, the cascade over the tiers, budgets, escalation, prices."""
