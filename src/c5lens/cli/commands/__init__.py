"""The commands' bodies: each takes a session and its own arguments and returns a result."""
