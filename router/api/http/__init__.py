"""HTTP plumbing shared by every route: errors in each protocol's own shape, request ids,
the request size limit, and the access log."""
