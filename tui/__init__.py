"""akhbar: a terminal news reader that shows Arabic as a reader expects."""

__version__ = "0.1.0"
