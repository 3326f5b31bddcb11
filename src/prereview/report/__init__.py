"""Output formats of prereview: one module per format."""
