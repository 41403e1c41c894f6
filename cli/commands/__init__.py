"""One module per command group; each only parses options, calls corpus_tools and renders."""
