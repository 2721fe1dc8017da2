"""alliancegraph: news articles to a knowledge graph of who aligns with whom."""

__version__ = "0.1.0"
