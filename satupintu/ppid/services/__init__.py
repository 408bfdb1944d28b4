"""Every write of the PPID service. Each function runs in one transaction, checks who may do it, moves the state
through the one transition table, writes the requester's timeline (`InfoRequestEvent`) and the audit trail, and
queues the notifications (the outbox is written in the same transaction)."""

from .archive import (
    archive_attachment_redact,
    archive_attachment_remove,
    archive_publish,
    archive_redact,
    archive_withdraw,
    info_request_classify,
    verdicts_allowed,
)
from .common import (
    ANSWER_DAYS,
    DISPUTE_WINDOW_DAYS,
    EXTENSION_DAYS,
    OBJECTION_ANSWER_DAYS,
    OBJECTION_WINDOW_DAYS,
    TransitionError,
    ppid_utama,
)
from .dip import public_info_item_delete, public_info_item_save
from .objections import (
    dispute_deadline,
    objection_answer,
    objection_block_reason,
    objection_can_be_filed,
    objection_file,
    objection_record_dispute,
    objection_window,
)
from .requests import (
    AnswerInput,
    RequestInput,
    info_request_answer,
    info_request_complete_identity,
    info_request_extend,
    info_request_flag_late,
    info_request_forward,
    info_request_from_complaint,
    info_request_submit,
)

__all__ = [
    "archive_attachment_redact",
    "archive_attachment_remove",
    "archive_publish",
    "archive_redact",
    "archive_withdraw",
    "info_request_classify",
    "verdicts_allowed",
    "ANSWER_DAYS",
    "DISPUTE_WINDOW_DAYS",
    "EXTENSION_DAYS",
    "OBJECTION_ANSWER_DAYS",
    "OBJECTION_WINDOW_DAYS",
    "AnswerInput",
    "RequestInput",
    "TransitionError",
    "dispute_deadline",
    "info_request_answer",
    "info_request_complete_identity",
    "info_request_extend",
    "info_request_flag_late",
    "info_request_forward",
    "info_request_from_complaint",
    "info_request_submit",
    "objection_answer",
    "objection_block_reason",
    "objection_can_be_filed",
    "objection_file",
    "objection_record_dispute",
    "objection_window",
    "ppid_utama",
    "public_info_item_delete",
    "public_info_item_save",
]
