"""The plan's rules: RAG words and colours, reading RAG, Compass lines, checks, the rollover."""
