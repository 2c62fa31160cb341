"""Rucio services: DID details (discovery.py) and staging (staging.py)."""
