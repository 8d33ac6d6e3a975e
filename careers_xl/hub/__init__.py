"""Careers Hub jobs over a folder of schools' plans: refresh, summary, the summer rollover."""
