"""The wire formats the service speaks, one module per protocol: OpenAI Chat Completions
(:mod:`~router.api.protocols.chat`) and tierroute's own endpoints
(:mod:`~router.api.protocols.native`)."""
