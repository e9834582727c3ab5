"""The application layer: every use case of Fristvakt, for the GUI and the command line alike.

A ``Register`` is one open register for one signed-in person. Each of its methods checks the
person's role (``core.access``), writes the change with its deadline refresh in one transaction,
and records the audit row. ``ui/`` and ``cli/`` call this layer, ``core/`` and ``storage/`` only.
"""

from service.errors import USER_ERRORS, AccessDenied, StaleCase
from service.opening import (
    convert_register,
    create_demo_register,
    create_register,
    register_state,
    restore_register,
    sign_in,
)
from service.register import Register
from service.ssb import ImportResult, SsbExportResult, export_ssb, import_ssb

__all__ = [
    "USER_ERRORS",
    "AccessDenied",
    "ImportResult",
    "Register",
    "SsbExportResult",
    "StaleCase",
    "convert_register",
    "create_demo_register",
    "create_register",
    "export_ssb",
    "import_ssb",
    "register_state",
    "restore_register",
    "sign_in",
]
