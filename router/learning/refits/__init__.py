"""Refitting the models (classifier, answer model) on judged traffic."""
