"""Releases: versioned archives, their documentation, diffs, downloads and loading."""
