"""The ticket pipeline: batch files and Redis Streams workers."""
