"""Thin MkDocs adapters over kp's core. Nothing outside this package imports MkDocs."""
