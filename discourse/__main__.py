"""``python -m discourse``: the same CLI as the ``discourse`` command."""
from .cli import main

main()
