"""Learning from traffic: outcomes, where to look next (shadow sampling), and the refit of
the policy's learned routing from what was seen."""
