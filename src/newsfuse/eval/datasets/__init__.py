"""Readers for the public benchmark data newsfuse is measured on (ECB+, MEANTIME, TempEval-3)."""
