"""The library: plain functions and classes the Dagster definitions wrap. Nothing here imports
an asset, a job or a definitions module."""
