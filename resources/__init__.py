"""Data shipped with Fristvakt: SSB's code lists and the bokmål translation (a package so that
``pip install .`` installs them beside the code that reads them)."""
