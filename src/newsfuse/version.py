"""The release, in one place (the CLI's --version, the fetcher's User-Agent, the report)."""

__version__ = "0.2.0"
