"""URLs of the programmes domain. Each section belongs to one views module; keep them apart."""

from django.urls import path

from alliance.programmes.views import (
    applications,
    calls,
    dashboards,
    nominations,
    outcomes,
    proposals,
    reviews,
    selection,
)

app_name = "programmes"

# --- calls (views/calls.py) ---
call_patterns: list = [
    path("", calls.call_list, name="calls"),
    path("programmes/new/", calls.programme_add, name="programme_add"),
    path("calls/new/", calls.call_add, name="call_add"),
    path("calls/<int:pk>/", calls.call_detail, name="call"),
    path("calls/<int:pk>/edit/", calls.call_edit, name="call_edit"),
    path("calls/<int:pk>/add/<str:what>/", calls.call_item_add, name="call_item_add"),
    path(
        "calls/<int:pk>/remove/<str:what>/<int:item>/",
        calls.call_item_remove,
        name="call_item_remove",
    ),
    path("calls/<int:pk>/status/", calls.call_status, name="call_status"),
]

# --- applications, endorsements, awards (views/applications.py) ---
application_patterns: list = [
    path("calls/<int:pk>/apply/", applications.apply, name="apply"),
    path("calls/<int:pk>/apply/autosave/", applications.autosave, name="autosave"),
    path("applications/<int:pk>/", applications.application_detail, name="application"),
    path("applications/<int:pk>/upload/", applications.application_upload, name="upload"),
    path("applications/<int:pk>/files/<str:key>/", applications.application_file, name="file"),
    path(
        "applications/<int:pk>/endorsements/",
        applications.request_endorsements,
        name="request_endorsements",
    ),
    path("applications/<int:pk>/submit/", applications.submit, name="submit"),
    path("applications/<int:pk>/withdraw/", applications.withdraw, name="withdraw"),
    path("applications/<int:pk>/award/", applications.award_respond, name="award_respond"),
    path("applications/<int:pk>/award-letter.pdf", applications.award_letter, name="award_letter"),
    path("endorse/<str:secret>/", applications.endorse, name="endorse"),
]

# --- nominations (views/nominations.py) ---
nomination_patterns: list = [
    path("calls/<int:pk>/nominations/", nominations.nominations, name="nominations"),
    path(
        "calls/<int:pk>/nominations/<int:application>/",
        nominations.nomination_change,
        name="nomination_change",
    ),
]

# --- review (views/reviews.py) ---
review_patterns: list = [
    path("calls/<int:pk>/panel/", reviews.panel, name="panel"),
    path("calls/<int:pk>/panel/assign/", reviews.panel_assign, name="panel_assign"),
    path("calls/<int:pk>/panel/conflict/", reviews.panel_conflict, name="panel_conflict"),
    path("reviews/", reviews.review_list, name="reviews"),
    path("reviews/<int:pk>/", reviews.review, name="review"),
    path("reviews/<int:pk>/conflict/", reviews.review_conflict, name="review_conflict"),
]

# --- ranking and selection (views/selection.py) ---
selection_patterns: list = [
    path("calls/<int:pk>/ranking/", selection.ranking, name="ranking"),
    path("calls/<int:pk>/selection/", selection.selection, name="selection"),
    path("calls/<int:pk>/selection/apply/", selection.selection_apply, name="selection_apply"),
    path("applications/<int:pk>/decide/", selection.decide, name="decide"),
]

# --- members' proposals (views/proposals.py) ---
proposal_patterns: list = [
    path("proposals/", proposals.proposal_list, name="proposals"),
    path("proposals/new/", proposals.proposal_add, name="proposal_add"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/edit/", proposals.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/status/", proposals.proposal_status, name="proposal_status"),
    path("proposals/<int:pk>/board/", proposals.proposal_send, name="proposal_send"),
    path("proposals/<int:pk>/comment/", proposals.proposal_comment, name="proposal_comment"),
]

# --- dashboards, application lists and exports (views/dashboards.py) ---
dashboard_patterns: list = [
    path("calls/<int:pk>/dashboard/", dashboards.call_dashboard, name="call_dashboard"),
    path("calls/<int:pk>/applications/", dashboards.call_applications, name="call_applications"),
    path(
        "calls/<int:pk>/applications.<str:fmt>",
        dashboards.applications_export,
        name="applications_export",
    ),
    path("calls/<int:pk>/awards.<str:fmt>", dashboards.awards_export, name="awards_export"),
    path("institutions/mine/", dashboards.my_institution_dashboard, name="my_dashboard"),
    path(
        "institutions/<int:pk>/dashboard/",
        dashboards.institution_dashboard,
        name="institution_dashboard",
    ),
]

# --- after the activity: reports, host reviews, certificates, grants (views/outcomes.py) ---
outcome_patterns: list = [
    path("outcomes/", outcomes.outcome_list, name="outcomes"),
    path("applications/<int:pk>/outcome/", outcomes.outcome, name="outcome"),
    path("applications/<int:pk>/report/", outcomes.report_save, name="report_save"),
    path("applications/<int:pk>/report/upload/", outcomes.report_upload, name="report_upload"),
    path(
        "applications/<int:pk>/report/files/<int:file>/",
        outcomes.report_file,
        name="report_file",
    ),
    path(
        "applications/<int:pk>/report/files/<int:file>/remove/",
        outcomes.report_file_remove,
        name="report_file_remove",
    ),
    path("applications/<int:pk>/report/decide/", outcomes.report_decide, name="report_decide"),
    path(
        "applications/<int:pk>/host-review/request/",
        outcomes.host_review_request,
        name="host_review_request",
    ),
    path("applications/<int:pk>/grant/", outcomes.grant_change, name="grant_change"),
    path("applications/<int:pk>/certificate.pdf", outcomes.certificate, name="certificate"),
    path("certificates/<str:code>/", outcomes.certificate_verify, name="certificate_verify"),
    path("host-review/<str:secret>/", outcomes.host_review, name="host_review"),
    path("host-reviews/<int:pk>/", outcomes.host_review_mine, name="host_review_mine"),
]

urlpatterns = [
    *call_patterns,
    *application_patterns,
    *nomination_patterns,
    *review_patterns,
    *selection_patterns,
    *outcome_patterns,
    *proposal_patterns,
    *dashboard_patterns,
]
