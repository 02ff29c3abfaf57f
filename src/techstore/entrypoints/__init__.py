"""HTTP, pages and command line: translate the outside world to use-case calls."""
