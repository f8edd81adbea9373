"""Recommendations, versions and consensus rounds (built in the recommendations issue)."""
