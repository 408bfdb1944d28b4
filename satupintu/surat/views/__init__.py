"""Thin views: validate input, call one service, render. `staff` for village roles (and read-only regency roles),
`mandiri` for residents through the penduduk self-service session, `public` for the verification of a letter."""

from .designer import designer_edit, designer_list, designer_preview  # noqa: F401
from .mandiri import mandiri_detail, mandiri_home, mandiri_new, mandiri_pdf  # noqa: F401
from .public import verify, verify_lookup  # noqa: F401
from .staff import (  # noqa: F401
    action_attach,
    action_cancel,
    action_picked_up,
    action_return,
    action_revoke,
    action_sign,
    action_submit,
    action_verify,
    counter_new,
    detail,
    queue,
    settings_view,
    staff_attachment,
    staff_pdf,
    stats,
    template_edit,
    template_restore,
)
