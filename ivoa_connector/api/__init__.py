"""REST API of the IVOA connector app (mounted by the project at /api/v1/ivoa/)."""
