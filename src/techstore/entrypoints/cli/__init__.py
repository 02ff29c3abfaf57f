"""The techstore command."""
