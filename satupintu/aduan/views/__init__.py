from .alerts import alert_confirm, alert_new, alert_unsubscribe  # noqa: F401
from .maps import complaint_map, map_data, map_heat  # noqa: F401
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
from .staff import export_csv, late_dashboard, open_reports, queue, queue_home, staff_detail  # noqa: F401
