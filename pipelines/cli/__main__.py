"""python -m pipelines.cli"""

from pipelines.cli.app import app

app()
