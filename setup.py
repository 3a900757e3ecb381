"""Shim for ``scrapyd-deploy``, which builds the project egg with ``setup.py bdist_egg``.

All metadata (packages, data files, the ``scrapy`` settings entry point) is in pyproject.toml.
"""

from setuptools import setup

setup()
