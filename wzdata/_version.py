"""The version of wzdata, in one place (the package, its reports and its data say it)."""

__version__ = "0.1.0"
