from .public import (  # noqa: F401
    api_status,
    attachment,
    complaint_list,
    follow,
    mine,
    statistics,
    status,
    submit,
    thanks,
    track,
)
from .staff import export_csv, late_dashboard, queue, queue_home, staff_detail  # noqa: F401
