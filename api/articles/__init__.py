"""API resources of the evidence: articles, statements, links, sources, feeds, ingestion."""
