"""Membership fees: the year's schedule and invoices (the Secretariat manages, coordinators see
their own institution's), one invoice with its payments and PDF, the CSV export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core.exports import to_csv
from alliance.core.permissions import check_permission
from alliance.governance import queries
from alliance.governance.forms_fees import (
    CloseInvoiceForm,
    ExtendForm,
    FeeForm,
    IssueForm,
    PaymentForm,
    YearForm,
)
from alliance.governance.invoice_pdf import invoice_pdf
from alliance.governance.models import Invoice
from alliance.governance.services import fees as service
from alliance.governance.views.common import acting, found

FORM = "governance/common/form.html"


def _year(request: HttpRequest) -> int:
    form = YearForm(request.GET)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    return int(year or timezone.localdate().year)


def _invoice(request: HttpRequest, pk: int, perm: str) -> Invoice:
    invoice = found(request, queries.invoice_for_page(pk), perm)
    check_permission(request, perm, invoice)
    return invoice


def fee_overview(request: HttpRequest) -> HttpResponse:
    check_permission(request, "governance.view_invoices")
    year = _year(request)
    invoices = queries.invoices_visible_to(request.user).filter(year=year)
    may_manage = request.user.has_perm("governance.manage_fees")
    totals = (
        invoices.exclude(status="cancelled")
        .values("currency")
        .annotate(billed=Sum("amount"), paid=Sum("paid_amount"))
    )
    return render(
        request,
        "governance/fees/overview.html",
        {
            "year": year,
            "years": [year - 1, year, year + 1],
            "schedules": queries.fee_schedules(year),
            "invoices": invoices,
            "totals": [{**t, "owed": t["billed"] - t["paid"]} for t in totals],
            "may_manage": may_manage,
            "issue_form": IssueForm(year=year) if may_manage else None,
        },
    )


def fee_set(request: HttpRequest, year: int) -> HttpResponse:
    check_permission(request, "governance.manage_fees")
    form = FeeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.set_fee(actor=acting(request), year=year, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The fee is set."))
            return redirect(reverse("governance:fees") + f"?year={year}")
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": _("Set a fee for %(year)d") % {"year": year},
            "back_url": reverse("governance:fees") + f"?year={year}",
        },
    )


@require_POST
def fees_issue(request: HttpRequest, year: int) -> HttpResponse:
    check_permission(request, "governance.manage_fees")
    form = IssueForm(request.POST, year=year)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose the due date of the invoices."))
        result = service.issue_year_invoices(
            year, actor=acting(request), due_on=form.cleaned_data["due_on"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(new)d invoices issued; %(already)d institutions had theirs already.")
            % {"new": len(result.created), "already": result.already},
        )
        if result.without_fee:
            messages.warning(
                request,
                _("No fee is set for the category of: %(names)s.")
                % {"names": ", ".join(result.without_fee)},
            )
    return redirect(reverse("governance:fees") + f"?year={year}")


def fees_export(request: HttpRequest, year: int) -> HttpResponse:
    check_permission(request, "governance.manage_fees")
    today = timezone.localdate()
    header = [
        "number",
        "institution",
        "country",
        "category",
        "amount",
        "currency",
        "issued_on",
        "due_on",
        "status",
        "paid",
        "balance",
    ]
    rows = (
        [
            invoice.number,
            invoice.institution.name,
            str(invoice.institution.country),
            invoice.category,
            invoice.amount,
            invoice.currency,
            invoice.issued_on.isoformat(),
            invoice.due_on.isoformat(),
            invoice.status_on(today),
            invoice.paid_amount,
            invoice.balance,
        ]
        for invoice in queries.invoices_visible_to(request.user).filter(year=year)
    )
    response = HttpResponse(to_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="invoices-{year}.csv"'
    return response


def invoice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = _invoice(request, pk, "governance.view_invoices")
    may_manage = request.user.has_perm("governance.manage_fees")
    return render(
        request,
        "governance/fees/invoice.html",
        {
            "invoice": invoice,
            "may_manage": may_manage,
            "open": invoice.status == "issued",
            "close_form": CloseInvoiceForm() if may_manage else None,
        },
    )


def invoice_download(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = _invoice(request, pk, "governance.view_invoices")
    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="invoice-{invoice.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def invoice_payment(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = _invoice(request, pk, "governance.manage_fees")
    form = PaymentForm(request.POST or None, initial={"amount": invoice.balance})
    if request.method == "POST" and form.is_valid():
        try:
            service.record_payment(invoice, actor=acting(request), **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The payment is recorded."))
            return redirect("governance:invoice", invoice.pk)
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": _("Payment received on invoice %(number)s") % {"number": invoice.number},
            "back_url": reverse("governance:invoice", args=[invoice.pk]),
        },
    )


@require_POST
def invoice_close(request: HttpRequest, pk: int, how: str) -> HttpResponse:
    invoice = _invoice(request, pk, "governance.manage_fees")
    form = CloseInvoiceForm(request.POST)
    close = service.waive_invoice if how == "waive" else service.cancel_invoice
    try:
        if not form.is_valid():
            raise ValidationError(_("Write why, for the member and the auditors."))
        invoice = close(invoice, actor=acting(request), note=form.cleaned_data["note"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Invoice %(number)s is %(status)s.")
            % {
                "number": invoice.number,
                "status": invoice.get_status_display().lower(),
            },
        )
    return redirect("governance:invoice", invoice.pk)


def invoice_extend(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = _invoice(request, pk, "governance.manage_fees")
    form = ExtendForm(request.POST or None, initial={"due_on": invoice.due_on})
    if request.method == "POST" and form.is_valid():
        try:
            service.extend_due_date(invoice, actor=acting(request), **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The invoice has its new due date."))
            return redirect("governance:invoice", invoice.pk)
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": _("More time to pay invoice %(number)s") % {"number": invoice.number},
            "back_url": reverse("governance:invoice", args=[invoice.pk]),
        },
    )
