"""Refitting the learned routing from outcomes: the judged outcomes as arrays, call costs,
the prior, the routing fit and which escalations pay."""
