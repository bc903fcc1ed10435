"""Answering one decided request: the cascade up the tier ladder, each tier's call (its
slots and budgets), and the signals that escalate an answer."""
