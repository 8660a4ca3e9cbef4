"""The command line: the fast entry point, the commands and the Typer app."""
