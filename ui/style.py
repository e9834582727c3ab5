"""The look of Fristvakt: one mapping of deadline status to colour, icon and text, and the palette.

Status is never shown by colour alone: every status has its own icon shape and its own word.
All icons are painted in code (no image files).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QIcon,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QApplication, QStyleFactory

from core.deadlines import Status
from core.params import FORSKRIFT, LOKAL, LOV, RETNINGSLINJE, VERIFY

# --- the one status mapping -----------------------------------------------------------------------


@dataclass(frozen=True)
class StatusLook:
    """How one deadline status is shown: text colour, row tint, icon shape and (English) word."""

    foreground: str  # text/icon colour (readable on white)
    tint: str  # subtle row background
    shape: str  # "alert" (red disc with !), "clock" (amber triangle), "dot" (grey ring), "check"
    text: str  # English source, translated in context "Status" by status_text()


STATUS_LOOK: dict[Status, StatusLook] = {
    Status.FORFALT: StatusLook("#b3261e", "#fcf0ee", "alert",
                               QT_TRANSLATE_NOOP("Status", "Overdue")),
    Status.SNART: StatusLook("#8a5a00", "#fff8e8", "warning",
                             QT_TRANSLATE_NOOP("Status", "Due soon")),
    Status.APEN: StatusLook("#4a5560", "", "ring", QT_TRANSLATE_NOOP("Status", "Open")),
    Status.OPPFYLT: StatusLook("#2e6b3a", "", "check", QT_TRANSLATE_NOOP("Status", "Met")),
    Status.SENT: StatusLook("#8a5a00", "", "check", QT_TRANSLATE_NOOP("Status", "Met late")),
    Status.IKKE_OPPFYLT: StatusLook("#b3261e", "", "cross",
                                    QT_TRANSLATE_NOOP("Status", "Not met")),
    Status.UKJENT: StatusLook("#4a5560", "", "ring",
                              QT_TRANSLATE_NOOP("Status", "Unknown (imported)")),
}


def status_text(status: Status) -> str:
    """The translated word for a status ("Forfalt", "Forfaller snart", "Åpen" …)."""
    return QCoreApplication.translate("Status", STATUS_LOOK[status].text)


def status_color(status: Status) -> QColor:
    return QColor(STATUS_LOOK[status].foreground)


def status_tint(status: Status) -> QColor | None:
    tint = STATUS_LOOK[status].tint
    return QColor(tint) if tint else None


@cache
def status_icon(status: Status, size: int = 16) -> QIcon:
    """A small painted icon whose shape differs per status (not only its colour)."""
    look = STATUS_LOOK[status]
    icon = QIcon()
    for scale in (1, 2):
        pix = _paint_status(look.shape, QColor(look.foreground), size * scale)
        icon.addPixmap(pix, QIcon.Mode.Normal)
        icon.addPixmap(pix, QIcon.Mode.Selected)  # keep the colour in a selected row
    return icon


def _paint_status(shape: str, color: QColor, size: int) -> QPixmap:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    if shape == "alert":  # filled disc with a white exclamation mark
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color)
        p.drawEllipse(QRectF(s * 0.06, s * 0.06, s * 0.88, s * 0.88))
        p.setBrush(QColor("white"))
        p.drawRoundedRect(QRectF(s * 0.43, s * 0.22, s * 0.14, s * 0.38), s * 0.05, s * 0.05)
        p.drawEllipse(QRectF(s * 0.42, s * 0.66, s * 0.16, s * 0.16))
    elif shape == "warning":  # filled triangle with a dark exclamation mark
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#f0a400"))
        p.drawPolygon(QPolygonF([QPointF(s * 0.5, s * 0.06), QPointF(s * 0.96, s * 0.9),
                                 QPointF(s * 0.04, s * 0.9)]))
        p.setBrush(QColor("#3d2a00"))
        p.drawRoundedRect(QRectF(s * 0.44, s * 0.33, s * 0.12, s * 0.3), s * 0.04, s * 0.04)
        p.drawEllipse(QRectF(s * 0.43, s * 0.68, s * 0.14, s * 0.14))
    elif shape == "ring":  # hollow circle: open, nothing urgent
        p.setPen(QPen(color, max(1.0, s * 0.12)))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(QRectF(s * 0.2, s * 0.2, s * 0.6, s * 0.6))
    elif shape == "check":
        pen = QPen(color, max(1.5, s * 0.14))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        path = QPainterPath(QPointF(s * 0.18, s * 0.52))
        path.lineTo(s * 0.42, s * 0.76)
        path.lineTo(s * 0.84, s * 0.26)
        p.drawPath(path)
    else:  # cross
        pen = QPen(color, max(1.5, s * 0.14))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.drawLine(QPointF(s * 0.25, s * 0.25), QPointF(s * 0.75, s * 0.75))
        p.drawLine(QPointF(s * 0.75, s * 0.25), QPointF(s * 0.25, s * 0.75))
    p.end()
    return pix


# --- legal footing of rules and parameters (badge colours) ----------------------------------------

_LEGAL_STATUS_TEXT = {
    LOV: QT_TRANSLATE_NOOP("LegalStatus", "Law"),
    FORSKRIFT: QT_TRANSLATE_NOOP("LegalStatus", "Regulation"),
    RETNINGSLINJE: QT_TRANSLATE_NOOP("LegalStatus", "Guideline"),
    VERIFY: QT_TRANSLATE_NOOP("LegalStatus", "Default value"),
    LOKAL: QT_TRANSLATE_NOOP("LegalStatus", "Local practice"),
}
_LEGAL_BADGE = {
    LOV: ("#1f4e79", "#e3edf7"),
    FORSKRIFT: ("#1f4e79", "#e3edf7"),
    RETNINGSLINJE: ("#8a5a00", "#fff4dc"),
    VERIFY: ("#8a5a00", "#fff4dc"),
    LOKAL: ("#4a5560", "#eceff1"),
}


def legal_status_text(status: str) -> str:
    """The translated name of a rule's legal footing ("Lov", "Retningslinje" …)."""
    source = _LEGAL_STATUS_TEXT.get(status)
    return QCoreApplication.translate("LegalStatus", source) if source else status


def legal_badge_css(status: str) -> str:
    """Style sheet of a small rounded badge for a rule/parameter status."""
    fg, bg = _LEGAL_BADGE.get(status, ("#4a5560", "#eceff1"))
    return (f"QLabel {{ color: {fg}; background: {bg}; border-radius: 8px; padding: 2px 8px;"
            " font-size: 11px; }")


# --- navigation and application icons -------------------------------------------------------------

NAV_INK = "#34495e"


@cache
def nav_icon(kind: str, size: int = 20) -> QIcon:
    """Painted icons for the navigation list: frister (clock), saker (folder), rapporter (bars),
    innstillinger (sliders)."""
    icon = QIcon()
    for scale in (1, 2):
        icon.addPixmap(_paint_nav(kind, size * scale))
    return icon


def _paint_nav(kind: str, size: int) -> QPixmap:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    ink = QColor(NAV_INK)
    pen = QPen(ink, max(1.2, s * 0.08))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    if kind == "frister":
        p.drawEllipse(QRectF(s * 0.12, s * 0.12, s * 0.76, s * 0.76))
        p.drawLine(QPointF(s * 0.5, s * 0.5), QPointF(s * 0.5, s * 0.27))
        p.drawLine(QPointF(s * 0.5, s * 0.5), QPointF(s * 0.67, s * 0.6))
    elif kind == "saker":
        path = QPainterPath(QPointF(s * 0.1, s * 0.25))
        path.lineTo(s * 0.4, s * 0.25)
        path.lineTo(s * 0.48, s * 0.34)
        path.lineTo(s * 0.9, s * 0.34)
        path.lineTo(s * 0.9, s * 0.8)
        path.lineTo(s * 0.1, s * 0.8)
        path.closeSubpath()
        p.drawPath(path)
    elif kind == "rapporter":
        p.drawLine(QPointF(s * 0.12, s * 0.86), QPointF(s * 0.88, s * 0.86))
        p.setBrush(ink)
        for i, h in enumerate((0.35, 0.6, 0.45)):
            x = s * (0.2 + i * 0.23)
            p.drawRect(QRectF(x, s * (0.8 - h), s * 0.12, s * h))
    elif kind == "innstillinger":
        for i, knob in enumerate((0.3, 0.65, 0.45)):
            y = s * (0.25 + i * 0.25)
            p.drawLine(QPointF(s * 0.12, y), QPointF(s * 0.88, y))
            p.setBrush(QColor("white"))
            p.drawEllipse(QPointF(s * knob, y), s * 0.09, s * 0.09)
            p.setBrush(Qt.BrushStyle.NoBrush)
    p.end()
    return pix


@cache
def app_icon() -> QIcon:
    """The application icon: a calm blue rounded square with a white clock face."""
    icon = QIcon()
    for size in (16, 32, 64, 128):
        pix = QPixmap(size, size)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = float(size)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#1f4e79"))
        p.drawRoundedRect(QRectF(0, 0, s, s), s * 0.2, s * 0.2)
        pen = QPen(QColor("white"), max(1.5, s * 0.09))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.drawEllipse(QRectF(s * 0.2, s * 0.2, s * 0.6, s * 0.6))
        p.drawLine(QPointF(s * 0.5, s * 0.5), QPointF(s * 0.5, s * 0.32))
        p.drawLine(QPointF(s * 0.5, s * 0.5), QPointF(s * 0.64, s * 0.58))
        p.end()
        icon.addPixmap(pix)
    return icon


# --- palette --------------------------------------------------------------------------------------

ACCENT = "#1f4e79"
BORDER = "#d5dbe1"
MUTED = "#5f6b76"
SIDEBAR = "#eef1f4"

STYLE_SHEET = f"""
QListWidget#nav {{
    background: {SIDEBAR};
    border: none;
    border-right: 1px solid {BORDER};
    padding-top: 8px;
    outline: 0;
}}
QListWidget#nav::item {{
    padding: 8px 10px;
    margin: 1px 6px;
    border-radius: 6px;
    color: #22303c;
}}
QListWidget#nav::item:selected {{
    background: #dbe5ef;
    color: {ACCENT};
}}
QListWidget#nav::item:hover:!selected {{
    background: #e4e9ee;
}}
QLabel[role="title"] {{
    font-size: 18px;
    font-weight: 600;
    color: #1b2733;
}}
QLabel[role="muted"] {{
    color: {MUTED};
}}
QLabel[role="section"] {{
    font-weight: 600;
    color: #1b2733;
    padding-top: 4px;
}}
QFrame#reminderBar {{
    background: #fff4dc;
    border-bottom: 1px solid #ecd9a8;
}}
QFrame#reminderBar[calm="true"] {{
    background: #e8f1e9;
    border-bottom: 1px solid #c7dcca;
}}
QFrame#explanation {{
    background: white;
    border: 1px solid {BORDER};
    border-radius: 6px;
}}
QTableView {{
    gridline-color: #e6eaee;
    selection-background-color: #cfe0f1;
    selection-color: #1b2733;
    alternate-background-color: #f8f9fb;
}}
QHeaderView::section {{
    padding: 4px 6px;
}}
"""


def apply_style(app: QApplication) -> None:
    """Fusion with a restrained light palette and the application font."""
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None:
        app.setStyle(fusion)
    pal = QPalette()
    pal.setColor(QPalette.ColorRole.Window, QColor("#f6f7f9"))
    pal.setColor(QPalette.ColorRole.WindowText, QColor("#1b2733"))
    pal.setColor(QPalette.ColorRole.Base, QColor("white"))
    pal.setColor(QPalette.ColorRole.AlternateBase, QColor("#f8f9fb"))
    pal.setColor(QPalette.ColorRole.Text, QColor("#1b2733"))
    pal.setColor(QPalette.ColorRole.Button, QColor("#f1f3f5"))
    pal.setColor(QPalette.ColorRole.ButtonText, QColor("#1b2733"))
    pal.setColor(QPalette.ColorRole.Highlight, QColor("#2f6aa3"))
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    pal.setColor(QPalette.ColorRole.ToolTipBase, QColor("#ffffff"))
    pal.setColor(QPalette.ColorRole.ToolTipText, QColor("#1b2733"))
    pal.setColor(QPalette.ColorRole.Link, QColor(ACCENT))
    pal.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8a949e"))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#9aa3ab"))
    app.setPalette(pal)
    font = QFont(app.font())
    if font.pointSizeF() < 9.5:
        font.setPointSizeF(9.5)
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)
