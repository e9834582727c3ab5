"""Pieces that let a page fit a small laptop screen (1024×600, or 1280×720 at 125 %).

* ``FlowLayout`` – items side by side, wrapping onto the next line when the width runs out, so a
  narrow window wraps a row of filters instead of demanding a wider minimum window.
* ``FitComboBox`` – a combo box as wide as its current choice (not its widest item), so a long
  list does not widen the row and the chosen text is never cut.
* ``labelled(label, field)`` – a label and its field kept together on one line of a flow.
* ``ElidedLabel`` – one line of text that shortens itself with "…" when the room runs out (the
  whole text is its tooltip), e.g. a long file path in the status bar.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QStyle,
    QStyleOptionComboBox,
    QWidget,
)


class FlowLayout(QLayout):
    """Left-to-right items that wrap; the minimum width is that of the widest item."""

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 8,
                 line_spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._line_spacing = line_spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    # --- QLayout ----------------------------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        """Everything on one line."""
        width = sum(i.sizeHint().width() for i in self._visible())
        width += self._spacing * max(0, len(self._visible()) - 1)
        height = max((i.sizeHint().height() for i in self._visible()), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    # --- arranging --------------------------------------------------------------------------------

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        """Place the items in ``rect`` (if ``apply``); return the height they need."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line_height = area.x(), area.y(), 0
        line: list[tuple[QLayoutItem, int, QSize]] = []

        def place(top: int, height: int) -> None:
            if apply:  # each item centred vertically on its line
                for item, left, size in line:
                    item.setGeometry(QRect(QPoint(left, top + (height - size.height()) // 2),
                                           size))

        for item in self._visible():
            size = item.sizeHint().boundedTo(QSize(max(1, area.width()), 1 << 20)).expandedTo(
                item.minimumSize())
            if line and x + size.width() > area.right() + 1:
                place(y, line_height)
                x, y = area.x(), y + line_height + self._line_spacing
                line, line_height = [], 0
            line.append((item, x, size))
            x += size.width() + self._spacing
            line_height = max(line_height, size.height())
        place(y, line_height)
        return y + line_height - rect.y() + m.bottom()


def labelled(label: QWidget, field: QWidget, spacing: int = 6) -> QWidget:
    """A label and its field kept together on one line of a flow layout."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(spacing)
    row.addWidget(label)
    row.addWidget(field)
    box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return box


class FitComboBox(QComboBox):
    """A combo box whose size hint fits the current text (the popup still shows every item)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(4)
        self.currentIndexChanged.connect(lambda _i: self.updateGeometry())

    def sizeHint(self) -> QSize:
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        text = self.fontMetrics().horizontalAdvance(self.currentText() or "M" * 4)
        if not self.itemIcon(self.currentIndex()).isNull():
            text += self.iconSize().width() + 4
        base = super().sizeHint()
        size = self.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option,
                                             QSize(text, base.height()), self)
        return QSize(max(size.width(), self.minimumSizeHint().width()), base.height())


class ElidedLabel(QLabel):
    """A one-line label that elides its text to its width instead of demanding it."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("M…") + 4, super().sizeHint().height())

    def elided_text(self) -> str:
        rect = self.contentsRect()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideMiddle,
                                             rect.width())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.style().drawItemText(painter, self.contentsRect(),
                                  int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                                  self.palette(), self.isEnabled(), self.elided_text(),
                                  self.foregroundRole())
