"""End points and half-term dates: reading what people type, and moving it on a year."""
