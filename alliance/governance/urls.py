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

# --- constitution (views/constitution.py) ---
from alliance.governance.views import constitution  # noqa: E402

constitution_patterns: list = [
    path("constitution/", constitution.constitution, name="constitution"),
    path(
        "constitution/versions/<int:number>/",
        constitution.version_detail,
        name="constitution_version",
    ),
    path("constitution/compare/", constitution.compare, name="constitution_compare"),
    path(
        "constitution/clauses/<slug:key>/",
        constitution.clause_history,
        name="constitution_clause",
    ),
    path("constitution/found/", constitution.found_constitution, name="constitution_found"),
    path("constitution/clauses/<slug:key>/amend/", constitution.amend, name="amend"),
    path(
        "constitution/clauses/<slug:key>/amend/preview/",
        constitution.amend_preview,
        name="amend_preview",
    ),
    path("constitution/amendments/", constitution.amendment_list, name="amendments"),
    path("constitution/amendments/<int:pk>/", constitution.amendment_detail, name="amendment"),
    path("constitution/amendments/motion/", constitution.amendment_move, name="amendment_move"),
    path(
        "constitution/amendments/<int:pk>/adopt/",
        constitution.amendment_adopt,
        name="amendment_adopt",
    ),
    path(
        "constitution/amendments/<int:pk>/withdraw/",
        constitution.amendment_withdraw,
        name="amendment_withdraw",
    ),
]
urlpatterns += constitution_patterns

# --- minutes, decision register, written resolutions, casting vote ---
from alliance.governance.views import decisions, minutes, written  # noqa: E402

records_patterns: list = [
    path("meetings/<int:pk>/minutes/", minutes.minutes_detail, name="minutes"),
    path("meetings/<int:pk>/minutes/draft/", minutes.minutes_draft, name="minutes_draft"),
    path("meetings/<int:pk>/minutes/edit/", minutes.minutes_edit, name="minutes_edit"),
    path(
        "meetings/<int:pk>/minutes/regenerate/",
        minutes.minutes_regenerate,
        name="minutes_regenerate",
    ),
    path(
        "meetings/<int:pk>/minutes/circulate/",
        minutes.minutes_circulate,
        name="minutes_circulate",
    ),
    path("meetings/<int:pk>/minutes/approve/", minutes.minutes_approve, name="minutes_approve"),
    path("meetings/<int:pk>/minutes.pdf", minutes.minutes_download, name="minutes_pdf"),
    path("decisions/", decisions.decision_list, name="decisions"),
    path("decisions.csv", decisions.decision_csv, name="decisions_csv"),
    path("polls/<int:pk>/casting-vote/", decisions.poll_casting_vote, name="poll_casting_vote"),
    path("written/", written.written_list, name="written_list"),
    path("written/new/", written.written_add, name="written_add"),
    path("written/<int:pk>/", written.written_detail, name="written"),
    path("vote/<str:secret>/", written.written_vote, name="written_vote"),
    path(
        "vote/<str:secret>/documents/<int:pk>/",
        written.written_document,
        name="written_document",
    ),
]
urlpatterns += records_patterns

# --- admissions, membership cases, fees (views/admissions.py, membership_cases.py, fees.py)
from alliance.governance.views import admissions, fees, membership_cases  # noqa: E402

admission_patterns: list = [
    path("apply/", admissions.apply, name="apply"),
    path("apply/<str:secret>/", admissions.apply_follow, name="apply_follow"),
    path("apply/<str:secret>/withdraw/", admissions.apply_withdraw, name="apply_withdraw"),
    path("admissions/", admissions.admission_list, name="admissions"),
    path("admissions/invite/", admissions.admission_invite, name="admission_invite"),
    path("admissions/<int:pk>/", admissions.admission_detail, name="admission"),
    path("admissions/<int:pk>/letter/", admissions.admission_letter, name="admission_letter"),
    path("admissions/<int:pk>/review/", admissions.admission_review, name="admission_review"),
    path(
        "admissions/<int:pk>/recommend/",
        admissions.admission_recommend,
        name="admission_recommend",
    ),
    path("admissions/<int:pk>/conclude/", admissions.admission_conclude, name="admission_conclude"),
    path("admissions/<int:pk>/board/", admissions.admission_board, name="admission_board"),
    path("admissions/<int:pk>/decide/", admissions.admission_decide, name="admission_decide"),
    path("admissions/<int:pk>/withdraw/", admissions.admission_withdraw, name="admission_withdraw"),
]
case_patterns: list = [
    path("membership-cases/", membership_cases.case_list, name="cases"),
    path("membership-cases/suspend/", membership_cases.case_suspend, name="case_suspend"),
    path(
        "membership-cases/withdraw/",
        membership_cases.case_withdrawal_notice,
        name="case_withdrawal_notice",
    ),
    path("membership-cases/<int:pk>/", membership_cases.case_detail, name="case"),
    path("membership-cases/<int:pk>/board/", membership_cases.case_board, name="case_board"),
    path("membership-cases/<int:pk>/decide/", membership_cases.case_decide, name="case_decide"),
    path("membership-cases/<int:pk>/cancel/", membership_cases.case_cancel, name="case_cancel"),
]
fee_patterns: list = [
    path("fees/", fees.fee_overview, name="fees"),
    path("fees/<int:year>/schedule/", fees.fee_set, name="fee_set"),
    path("fees/<int:year>/issue/", fees.fees_issue, name="fees_issue"),
    path("fees/<int:year>/invoices.csv", fees.fees_export, name="fees_export"),
    path("invoices/<int:pk>/", fees.invoice_detail, name="invoice"),
    path("invoices/<int:pk>/invoice.pdf", fees.invoice_download, name="invoice_pdf"),
    path("invoices/<int:pk>/payment/", fees.invoice_payment, name="invoice_payment"),
    path("invoices/<int:pk>/extend/", fees.invoice_extend, name="invoice_extend"),
    path("invoices/<int:pk>/waive/", fees.invoice_close, {"how": "waive"}, name="invoice_waive"),
    path("invoices/<int:pk>/cancel/", fees.invoice_close, {"how": "cancel"}, name="invoice_cancel"),
]
urlpatterns += admission_patterns + case_patterns + fee_patterns
