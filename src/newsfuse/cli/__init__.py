"""The `newsfuse` command line: thin commands over the library (`main` is the entry point)."""
