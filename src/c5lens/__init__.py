"""c5lens: typed, dated and cited facts about Central Asia."""

__version__ = "0.2.0"


def version() -> str:
    """The installed distribution's version (its metadata), or this source tree's."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("c5lens")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return __version__
