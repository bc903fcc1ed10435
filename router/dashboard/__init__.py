"""What the dashboard (``GET /ui``) shows, computed from the decision log, the metrics,
the policy and the simulator: plain data, no HTTP (the routes are in
:mod:`router.api.routes.dashboard`)."""
