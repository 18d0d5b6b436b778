"""Assembling per-report extraction results into the dataset's tables."""
