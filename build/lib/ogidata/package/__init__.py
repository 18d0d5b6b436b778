"""Writing the Frictionless data package: data files and descriptor."""
