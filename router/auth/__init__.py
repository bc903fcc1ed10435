"""API keys, their permissions and their limits (requests, tokens, dollars).

Keys come from a YAML keys file (:mod:`~router.auth.keys_file`, reloaded when it changes:
:mod:`~router.auth.keys_reload`) and from ``TIERROUTE_API_KEYS``
(:mod:`~router.auth.keys_env`). Limits are counted in process or in Redis
(:mod:`~router.auth.limits`, :mod:`~router.auth.limits_redis`): a request reserves what
it may use (:mod:`~router.auth.estimate`) and settles to what it used.
"""
