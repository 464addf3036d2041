"""URLs of the events domain. Each section belongs to one views module; keep them apart."""

from django.urls import path

from alliance.events.views import (
    delegations,
    documents,
    exports,
    questions,
    registrations,
    sessions,
)
from alliance.events.views import events as event_views

app_name = "events"

# --- events: calendar, event pages, timetable, iCal feeds (views/events.py) ---
event_patterns: list = [
    path("", event_views.calendar, name="calendar"),
    path("calendar.ics", event_views.calendar_ics, name="calendar_ics"),
    path("my/calendar/", event_views.calendar_feed, name="calendar_feed"),
    path("my/<str:token>/calendar.ics", event_views.my_calendar_ics, name="my_calendar_ics"),
    path("new/", event_views.event_add, name="event_add"),
    path("<slug:slug>/", event_views.event_detail, name="event"),
    path("<slug:slug>/edit/", event_views.event_edit, name="event_edit"),
    path("<slug:slug>/publish/", event_views.event_publish, name="event_publish"),
    path("<slug:slug>/cancel/", event_views.event_cancel, name="event_cancel"),
    path("<slug:slug>/timetable/", event_views.timetable, name="timetable"),
    path("<slug:slug>/event.ics", event_views.event_ics, name="event_ics"),
    path("<slug:slug>/sessions/", event_views.sessions, name="sessions"),
    path("<slug:slug>/sessions/<int:pk>/", event_views.session_edit, name="session_edit"),
    path(
        "<slug:slug>/sessions/<int:pk>/delete/",
        event_views.session_delete,
        name="session_delete",
    ),
    path(
        "<slug:slug>/sessions/<int:pk>/people/add/",
        event_views.session_person_add,
        name="session_person_add",
    ),
    path(
        "<slug:slug>/sessions/<int:pk>/people/<int:entry>/remove/",
        event_views.session_person_remove,
        name="session_person_remove",
    ),
    path("<slug:slug>/rooms/", event_views.rooms, name="rooms"),
    path("<slug:slug>/rooms/<int:pk>/", event_views.room_edit, name="room_edit"),
    path("<slug:slug>/rooms/<int:pk>/delete/", event_views.room_delete, name="room_delete"),
]

# --- registrations: register, my registration, offers, organiser lists, quotas, codes
#     (views/registrations.py, views/delegations.py, views/questions.py) ---
registration_patterns: list = [
    path("<slug:slug>/register/", registrations.register_page, name="register"),
    path("<slug:slug>/timetable/<int:pk>/join/", sessions.session_join, name="session_join"),
    path("<slug:slug>/timetable/<int:pk>/leave/", sessions.session_leave, name="session_leave"),
    path("<slug:slug>/my/", registrations.my_registration, name="my_registration"),
    path("<slug:slug>/my/cancel/", registrations.cancel_page, name="registration_cancel"),
    path("<slug:slug>/my/accept/", registrations.accept_page, name="offer_accept"),
    path("<slug:slug>/registrations/", registrations.registration_list, name="registrations"),
    path(
        "<slug:slug>/registrations/beyond-quota/",
        registrations.register_beyond_quota,
        name="register_beyond_quota",
    ),
    path(
        "<slug:slug>/registrations/<int:pk>/approve/",
        registrations.registration_approve,
        name="registration_approve",
    ),
    path(
        "<slug:slug>/registrations/<int:pk>/reject/",
        registrations.registration_reject,
        name="registration_reject",
    ),
    path("<slug:slug>/delegation/", delegations.delegations, name="delegation"),
    path(
        "<slug:slug>/delegation/<slug:institution>/",
        delegations.delegation,
        name="delegation_detail",
    ),
    path(
        "<slug:slug>/delegation/<slug:institution>/name/",
        delegations.delegate_name,
        name="delegate_name",
    ),
    path(
        "<slug:slug>/delegation/<slug:institution>/codes/",
        delegations.delegate_codes,
        name="delegate_codes",
    ),
    path("<slug:slug>/quotas/", delegations.quotas, name="quotas"),
    path("<slug:slug>/questions/", questions.question_list, name="questions"),
    path("<slug:slug>/questions/<int:pk>/", questions.question_edit, name="question_edit"),
    path("<slug:slug>/questions/<int:pk>/move/", questions.question_move, name="question_move"),
    path(
        "<slug:slug>/questions/<int:pk>/delete/",
        questions.question_delete,
        name="question_delete",
    ),
]

# --- letters, badges, check-in, certificates (views/documents.py) ---
document_patterns: list = [
    path("<slug:slug>/letter/", documents.letter_request, name="letter_request"),
    path("<slug:slug>/letter/letter.pdf", documents.my_letter_pdf, name="my_letter_pdf"),
    path("<slug:slug>/letters/", documents.letters, name="letters"),
    path("<slug:slug>/letters/<int:pk>/", documents.letter_review, name="letter_review"),
    path("<slug:slug>/letters/<int:pk>/issue/", documents.letter_issue, name="letter_issue"),
    path("<slug:slug>/letters/<int:pk>/refuse/", documents.letter_refuse, name="letter_refuse"),
    path("<slug:slug>/letters/<int:pk>/letter.pdf", documents.letter_pdf_view, name="letter_pdf"),
    path("<slug:slug>/letters/<int:pk>/scan/", documents.letter_scan, name="letter_scan"),
    path("<slug:slug>/my/badge.pdf", documents.my_badge, name="my_badge"),
    path("<slug:slug>/badges.pdf", documents.badges, name="badges"),
    path("<slug:slug>/my/certificate.pdf", documents.my_certificate, name="my_certificate"),
    path("<slug:slug>/check-in/", documents.check_in, name="check_in"),
    path("<slug:slug>/attendance/", documents.attendance, name="attendance"),
]

# --- exports (views/exports.py) ---
export_patterns: list = [
    path(
        "<slug:slug>/export/participants.<str:fmt>",
        exports.participants,
        name="export_participants",
    ),
    path("<slug:slug>/export/needs.<str:fmt>", exports.host_needs, name="export_needs"),
]

urlpatterns = [*event_patterns, *registration_patterns, *document_patterns, *export_patterns]
_ = path  # each section adds path(...) entries
