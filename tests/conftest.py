"""Test setup: Qt runs offscreen, so UI tests drive real widgets without a screen."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
