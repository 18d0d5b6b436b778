"""Pure extraction: one report's text in, its record, facts and sections out."""
