"""The query layer: the rules that answer questions about facts."""
