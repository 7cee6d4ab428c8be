"""Shared chores, one helper each: atomic writes, optional imports, text and dates.

Everything here sits below the domain: it imports nothing else of the package except
:mod:`ofsted_ratings.errors`.
"""
