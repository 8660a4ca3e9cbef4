"""The render layer: records, formats and tables; pure functions from results to text."""
