"""The answer model: judges a cheaper tier's answer (did it commit, hedge, agree with the
tier before it) and predicts how much better the next tier would do."""
