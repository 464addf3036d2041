"""URLs of the governance domain. Each section belongs to one views module; keep them apart."""

from django.urls import path

from alliance.governance.views import bodies, meetings, motions, polls

app_name = "governance"

# --- bodies, seats, offices (views/bodies.py) ---
body_patterns: list = [
    path("", bodies.body_list, name="bodies"),
    path("bodies/new/", bodies.body_add, name="body_add"),
    path("bodies/<int:pk>/", bodies.body_detail, name="body"),
    path("bodies/<int:pk>/seats/new/", bodies.seat_add, name="seat_add"),
    path("seats/<int:pk>/end/", bodies.seat_end, name="seat_end"),
    path("bodies/<int:pk>/offices/new/", bodies.office_add, name="office_add"),
    path("offices/<int:pk>/end/", bodies.office_end, name="office_end"),
]

# --- meetings, agenda, documents, attendance (views/meetings.py) ---
meeting_patterns: list = [
    path("bodies/<int:pk>/meetings/new/", meetings.meeting_add, name="meeting_add"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/notice/", meetings.meeting_notice, name="meeting_notice"),
    path("meetings/<int:pk>/items/new/", meetings.agenda_item_add, name="agenda_item_add"),
    path("meetings/<int:pk>/attendance/", meetings.attendance_edit, name="attendance"),
    path("items/<int:pk>/documents/new/", meetings.document_add, name="document_add"),
    path(
        "motions/<int:pk>/documents/new/",
        meetings.motion_document_add,
        name="motion_document_add",
    ),
    path("documents/<int:pk>/", meetings.document_download, name="document"),
]

# --- motions (views/motions.py) ---
motion_patterns: list = [
    path("motions/", motions.motion_list, name="motions"),
    path("motions/new/", motions.motion_add, name="motion_add"),
    path("motions/<int:pk>/", motions.motion_detail, name="motion"),
    path("motions/<int:pk>/status/", motions.motion_status, name="motion_status"),
]

# --- polls and ballots (views/polls.py) ---
poll_patterns: list = [
    path("meetings/<int:pk>/polls/new/", polls.poll_add, name="poll_add"),
    path("polls/<int:pk>/", polls.poll_detail, name="poll"),
    path("polls/<int:pk>/open/", polls.poll_open, name="poll_open"),
    path("polls/<int:pk>/close/", polls.poll_close, name="poll_close"),
    path("polls/<int:pk>/ballot/", polls.poll_cast, name="poll_cast"),
]

urlpatterns = [*body_patterns, *meeting_patterns, *motion_patterns, *poll_patterns]
