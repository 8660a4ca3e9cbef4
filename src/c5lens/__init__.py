"""c5lens: typed, dated and cited facts about Central Asia."""

__version__ = "0.2.0"
