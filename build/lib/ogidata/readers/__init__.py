"""Readers turn a source file into a :class:`ogidata.readers.document.Document`."""
