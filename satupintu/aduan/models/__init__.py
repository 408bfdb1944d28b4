"""Complaints (aduan), aspirations and information requests filed by citizens, and what happens to them."""

from .complaint import (
    CLOSED_STATES,
    LATE_TRACKED_STATES,
    OPEN_STATES,
    PUBLIC_STATES,
    Channel,
    Complaint,
    Kind,
    Status,
    choice_label,
    new_tracking_code,
    normalize_tracking_code,
)
from .public import AreaAlert, MapCell
from .related import AduanSettings, Answer, Attachment, Category, ComplaintEvent

__all__ = [
    "CLOSED_STATES",
    "LATE_TRACKED_STATES",
    "OPEN_STATES",
    "PUBLIC_STATES",
    "AduanSettings",
    "AreaAlert",
    "MapCell",
    "Answer",
    "Attachment",
    "Category",
    "Channel",
    "choice_label",
    "Complaint",
    "ComplaintEvent",
    "Kind",
    "Status",
    "new_tracking_code",
    "normalize_tracking_code",
]
