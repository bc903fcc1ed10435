"""What was used: Prometheus metrics and spend per tenant."""
