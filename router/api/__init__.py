"""The REST service: the app factory, its routes, callers and their limits, the policy in force."""
