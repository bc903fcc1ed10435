"""Refitting the learned routing from outcomes: the judged outcomes as arrays, call costs,
the prior, the routing fit, its promise and exchange rate, and which escalations pay."""
